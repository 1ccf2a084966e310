"""sitemap.xml: Wagtail's sitemap, restricted to the one public definition."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from alliances.models import PROGRAMME_MODELS
from cms.visibility import public_pages


class PublicPagesSitemap(Sitemap):
    """Every page the public may see now: `public_pages()` for pages without a stage,
    `publicly_visible()` for programme pages. Base pages, not specific ones: one query
    whatever the number of alliances."""

    def items(self):
        programme_types = ContentType.objects.get_for_models(*PROGRAMME_MODELS).values()
        allowed = ~Q(content_type__in=list(programme_types))
        for model in PROGRAMME_MODELS:
            allowed |= Q(pk__in=model.objects.publicly_visible().values("pk"))
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return (
            public_pages(pages)
            .filter(allowed)
            .only("id", "path", "depth", "url_path", "last_published_at", "locale_id")
            .order_by("path")
        )

    def _urls(self, page, protocol, domain):
        # Wagtail's own _urls asks each specific page; base pages answer the same.
        urls = []
        for item in self.paginator.page(page).object_list:
            location = item.get_full_url(self.request)
            urls.append({"item": item, "location": location, "lastmod": item.last_published_at})
        return urls


class PublicViewsSitemap(DjangoSitemap):
    """The site's pages that are views rather than Wagtail pages."""

    names = (
        "site:districts",
        "participation:overview",
        "participation:report",
        "open_data:index",
    )

    def items(self):
        return list(self.names)

    def location(self, name):
        return reverse(name)
