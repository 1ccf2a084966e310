"""sitemap.xml: Wagtail's sitemap, restricted to the one public definition.

/sitemap.xml is an index of files: one section for the pages without a stage and one per
kind of programme page, each cut into files of PAGES_PER_FILE addresses, so every file
answers quickly whatever the number of alliances (the protocol allows 50,000 per file).
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap

from alliances.models import (
    PROGRAMME_MODELS,
    AlliancePage,
    NeedPage,
    OpportunityPage,
    ServicePage,
)
from cms.visibility import public_pages

PAGES_PER_FILE = 500
# What an address in a file needs: rows, not pages (building 500 page instances cost more
# than the query that finds them).
FIELDS = ("url_path", "last_published_at")


class PublicPagesSitemap(Sitemap):
    """The pages without a stage that the public may see now (`public_pages()`): the home
    page, the indexes, the duty pages. Rows of the base pages (`FIELDS`), not specific
    ones: one query a file."""

    limit = PAGES_PER_FILE

    def site_pages(self):
        """The pages of the sitemap's Wagtail site."""
        return self.get_wagtail_site().root_page.get_descendants(inclusive=True)

    def items(self):
        programme_types = ContentType.objects.get_for_models(*PROGRAMME_MODELS).values()
        pages = public_pages(self.site_pages()).exclude(content_type__in=list(programme_types))
        return pages.order_by("path").values(*FIELDS)

    def get_latest_lastmod(self):
        # The index names no date: Django's default would load every page of the section to
        # find the latest (each address in the files carries its own date).
        return None

    def _urls(self, page, protocol, domain):
        # Every item lies under the site's root page, so its address is the site's root URL
        # and its path below the root: what `get_full_url` answers for one site without
        # locale prefixes (WAGTAIL_I18N_ENABLED is off), without asking for each page.
        site = self.get_wagtail_site()
        root_path = site.root_page.url_path
        root_url = site.root_url
        urls = []
        for item in self.paginator.page(page).object_list:
            path = reverse("wagtail_serve", args=(item["url_path"][len(root_path) :],))
            # Every key Django's own `_urls` gives: the template asks for each, and a
            # missing one costs a failed lookup per address.
            urls.append(
                {
                    "item": item,
                    "location": root_url + path,
                    "lastmod": item["last_published_at"],
                    "changefreq": None,
                    "priority": "",
                    "alternates": [],
                }
            )
        return urls


class ProgrammePagesSitemap(PublicPagesSitemap):
    """The programme pages of one kind that are public now: `publicly_visible()`."""

    model = None

    def items(self):
        root = self.get_wagtail_site().root_page
        visible = self.model.objects.publicly_visible().filter(path__startswith=root.path)
        return visible.order_by("path").values(*FIELDS)


class AlliancesSitemap(ProgrammePagesSitemap):
    model = AlliancePage


class ServicesSitemap(ProgrammePagesSitemap):
    model = ServicePage


class NeedsSitemap(ProgrammePagesSitemap):
    model = NeedPage


class OpportunitiesSitemap(ProgrammePagesSitemap):
    model = OpportunityPage


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


SITEMAPS = {
    "pages": PublicPagesSitemap,
    "alliances": AlliancesSitemap,
    "services": ServicesSitemap,
    "needs": NeedsSitemap,
    "opportunities": OpportunitiesSitemap,
    "views": PublicViewsSitemap,
}
