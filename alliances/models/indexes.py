"""One index page per kind, directly below the home page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PagePermissionTester

from alliances.models.alliance import AlliancePage
from alliances.models.items import NeedPage, OpportunityPage
from alliances.models.services import ServicePage
from alliances.serving import PublicOnlyMixin
from cms.methods import PAGE_READ_ONLY


class ProgrammeIndexPermissionTester(PagePermissionTester):
    """An index holds every page of its kind: unpublishing, deleting, moving or copying it
    would take (or copy) thousands of pages at once and announce each to every partner.
    Only a superuser may; editors and the Kernteam work on the pages below it."""

    def can_unpublish(self):
        return self.user.is_superuser and super().can_unpublish()

    def can_delete(self, ignore_bulk=False):
        return self.user.is_superuser and super().can_delete(ignore_bulk)

    def can_move(self):
        return self.user.is_superuser and super().can_move()

    def can_copy(self):
        return self.user.is_superuser and super().can_copy()


class ProgrammeIndexPage(PublicOnlyMixin, Page):
    allowed_http_methods = PAGE_READ_ONLY  # others: 405 before the CSRF check
    intro = RichTextField(_("Introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count = 1
    child_model = None  # set by each subclass
    per_page = 12

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return ProgrammeIndexPermissionTester(user, self)

    def get_template(self, request, *args, **kwargs):
        return "alliances/index_page.html"

    def get_context(self, request, *args, **kwargs):
        from alliances.search import PublicFilterForm, paginate, public_results

        context = super().get_context(request, *args, **kwargs)
        form = PublicFilterForm.for_request(request)
        results = public_results(self.child_model, parent=self, choices=form.choices)
        children, page_notice = paginate(results, request.GET, self.per_page)
        context.update(
            filter_form=form,
            search_query=form.choices.get("q", ""),
            children=children,
            page_notice=page_notice,
        )
        return context


class NeedIndexPage(ProgrammeIndexPage):
    subpage_types = ["alliances.NeedPage"]
    child_model = NeedPage

    class Meta:
        verbose_name = _("Needs index")


class OpportunityIndexPage(ProgrammeIndexPage):
    subpage_types = ["alliances.OpportunityPage"]
    child_model = OpportunityPage

    class Meta:
        verbose_name = _("Opportunities index")


class ServiceIndexPage(ProgrammeIndexPage):
    subpage_types = ["alliances.ServicePage"]
    child_model = ServicePage

    class Meta:
        verbose_name = _("Services index")


class AllianceIndexPage(ProgrammeIndexPage):
    subpage_types = ["alliances.AlliancePage"]
    child_model = AlliancePage

    class Meta:
        verbose_name = _("Alliances index")
