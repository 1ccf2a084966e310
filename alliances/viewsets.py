"""Admin views for the catalogues (snippets)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets import Button
from wagtail.snippets.views.chooser import ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from alliances.forms import PersonForm
from alliances.models import (
    AgeGroup,
    Competence,
    District,
    Organisation,
    Person,
    Resource,
    Standard,
    Topic,
)


class YesNoColumn(BooleanColumn):
    """A yes/no column whose icon a screen reader reads in German (not "True"/"False")."""

    cell_template_name = "alliances/tables/yes_no_cell.html"


class ConsentsColumn(Column):
    """The purposes a person agrees to now, e.g. "Name öffentlich zeigen, Kontakt durch das
    Kernteam"; withdrawn ones are left out."""

    def get_value(self, instance):
        active = [str(c.get_purpose_display()) for c in instance.consents.all() if c.active]
        return ", ".join(active) or "—"


class GermanChooseView(ChooseView):
    page_subtitle = None  # the title already names the catalogue ("Standard auswählen")


class GermanChooserViewSet(SnippetChooserViewSet):
    """The chooser modal titled "Standard auswählen", not "Auswählen" + "Standard"."""

    choose_view_class = GermanChooseView

    def __init__(self, *args, model=None, **kwargs):
        super().__init__(*args, model=model, **kwargs)
        name = model._meta.verbose_name
        self.page_title = lazy(lambda: _("Choose %(object)s") % {"object": name}, str)()


class CatalogueDeleteView(DeleteView):
    """A catalogue entry still in use is not deleted (an alliance or item would silently lose
    its district or topic): the page says how often it is used, offers no delete button, and
    a POST is refused with the same count."""

    def _uses(self) -> int:
        """Rows that point at the entry (pages, persons, memberships …), counted in their
        tables; links between entries of the same catalogue (neighbours) do not count."""
        uses = 0
        for relation in self.object._meta.related_objects:
            if relation.related_model is type(self.object):
                continue
            if relation.many_to_many:  # most have related_name="+": count the link table
                target = relation.field.m2m_reverse_field_name()
                uses += relation.through.objects.filter(**{target: self.object.pk}).count()
            elif not relation.hidden:
                uses += getattr(self.object, relation.get_accessor_name()).count()
        return uses

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self._uses():
            context["is_protected"] = True
        return context

    def form_valid(self, form):
        if uses := self._uses():
            messages.error(
                self.request,
                ngettext(
                    "“%(name)s” is still used %(count)s time and was not deleted. Please "
                    "remove it there first (see Usage).",
                    "“%(name)s” is still used %(count)s times and was not deleted. Please "
                    "remove it there first (see Usage).",
                    uses,
                )
                % {"name": self.object, "count": uses},
            )
            return redirect(self.usage_url)
        return super().form_valid(form)


class CatalogueViewSet(SnippetViewSet):
    """A catalogue: its listing downloads the columns it shows (`list_export`); persons'
    does not (personal data leave through the logged Art. 15 export only)."""

    chooser_viewset_class = GermanChooserViewSet
    delete_view_class = CatalogueDeleteView


class DistrictViewSet(CatalogueViewSet):
    model = District
    list_export = ["name", "slug"]
    icon = "site"
    list_display = ["name", "slug"]
    ordering = ["name"]


class TopicViewSet(CatalogueViewSet):
    model = Topic
    list_export = ["name", "slug"]
    icon = "tag"
    list_display = ["name", "slug"]


class AgeGroupViewSet(CatalogueViewSet):
    model = AgeGroup
    list_export = ["name", "sort_order"]
    icon = "group"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order"]


class StandardViewSet(CatalogueViewSet):
    model = Standard
    list_export = ["title", "kind", "reference", "target_value", "unit"]
    icon = "clipboard-list"
    list_display = ["title", "kind", "reference", "target_value", "unit"]
    list_filter = ["kind"]


class OrganisationViewSet(CatalogueViewSet):
    model = Organisation
    list_export = ["name", "kind", "district", "website"]
    icon = "home"
    list_display = ["name", "kind", "district", "website"]
    list_filter = ["kind", "district"]

    def get_queryset(self, request):
        # The district column: one join, not one query per row.
        return Organisation.objects.select_related("district")


class CompetenceViewSet(CatalogueViewSet):
    model = Competence
    icon = "user"
    list_display = [
        "name",
        "category",
        "slug",
        YesNoColumn("needs_review", label=_("Needs review")),
    ]
    list_filter = ["category", "needs_review"]
    list_export = ["name", "category", "slug", "needs_review"]
    export_headings = {"needs_review": _("Needs review")}
    ordering = ["name"]


class ResourceViewSet(CompetenceViewSet):
    model = Resource
    icon = "cog"


class PersonEditView(EditView):
    """Opening a person's form with their contact data is recorded in the audit log."""

    def get(self, request, *args, **kwargs):
        from alliances.privacy import person_log_contact_view

        response = super().get(request, *args, **kwargs)
        if request.user.has_perm(Person.CONTACT_PERMISSION):
            person_log_contact_view(person=self.object, user=request.user)
        return response

    @cached_property
    def header_more_buttons(self):
        # The clerk handling a request is on the person's page: Art. 15 and 17 from here too.
        from alliances.privacy_views import person_buttons

        return [
            *super().header_more_buttons,
            *person_buttons(self.object, self.request.user, Button),
        ]


class PersonViewSet(CatalogueViewSet):
    """Persons: the listing never shows contact data; the form shows it to the Kernteam only.

    Search runs over the model's index, which holds names only.
    """

    model = Person
    icon = "user"
    list_display = ["__str__", "age_group", ConsentsColumn("consents", label=_("Consents"))]
    list_filter = ["age_group", "district"]
    inspect_view_enabled = False
    copy_view_enabled = False
    edit_view_class = PersonEditView
    # Persons leave through the erasure (Art. 17), which keeps memberships; Wagtail's own
    # delete view with its usage warning stays for the Kernteam.
    delete_view_class = DeleteView

    def get_queryset(self, request):
        # The age group and consents columns: one join and one query, not one per row.
        return Person.objects.select_related("age_group").prefetch_related("consents")

    def get_edit_handler(self):
        # The Redaktion creates and edits persons; the form never carries contact data for it.
        return ObjectList(Person.panels, base_form_class=PersonForm).bind_to_model(Person)


class CatalogueGroup(SnippetViewSetGroup):
    menu_label = _("Catalogues")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (
        StandardViewSet,
        DistrictViewSet,
        TopicViewSet,
        AgeGroupViewSet,
        OrganisationViewSet,
        PersonViewSet,
        CompetenceViewSet,
        ResourceViewSet,
    )
