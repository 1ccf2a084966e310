"""The public "Wirkung" page (published impact per topic and district)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from alliances.impact import ImpactFilterForm, impact_summary
from alliances.serving import PublicOnlyMixin
from cms.methods import PAGE_READ_ONLY


class ImpactPage(PublicOnlyMixin, Page):
    """The public "Wirkung" page: published impact per topic and district."""

    allowed_http_methods = PAGE_READ_ONLY  # others: 405 before the CSRF check

    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1
    template = "alliances/impact_page.html"

    class Meta:
        verbose_name = _("Impact page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = ImpactFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context["filter_form"] = form
        context["summary"] = impact_summary(
            district=filters.get("district"), topic=filters.get("topic")
        )
        return context
