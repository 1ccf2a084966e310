"""Admin views for the catalogues (snippets)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import EditView, SnippetViewSet, SnippetViewSetGroup

from alliances.models import AgeGroup, District, Organisation, Person, Standard, Topic


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    list_display = ["name", "slug"]
    ordering = ["name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]


class AgeGroupViewSet(SnippetViewSet):
    model = AgeGroup
    icon = "group"
    list_display = ["name", "sort_order"]
    ordering = ["sort_order"]


class StandardViewSet(SnippetViewSet):
    model = Standard
    icon = "clipboard-list"
    list_display = ["title", "kind", "reference", "target_value", "unit"]
    list_filter = ["kind"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "home"
    list_display = ["name", "kind", "district", "website"]
    list_filter = ["kind", "district"]


class PersonEditView(EditView):
    """Opening a person's form with their contact data is recorded in the audit log."""

    def get(self, request, *args, **kwargs):
        from alliances.privacy import person_log_contact_view

        response = super().get(request, *args, **kwargs)
        if request.user.has_perm(Person.CONTACT_PERMISSION):
            person_log_contact_view(person=self.object, user=request.user)
        return response


class PersonViewSet(SnippetViewSet):
    """Persons: the listing never shows contact data; the form shows it to the Kernteam only.

    Search runs over the model's index, which holds names only.
    """

    model = Person
    icon = "user"
    list_display = [
        "__str__",
        "age_group",
        BooleanColumn("public_name_consent", label=_("Name public")),
    ]
    list_filter = ["age_group", "public_name_consent"]
    inspect_view_enabled = False
    copy_view_enabled = False
    edit_view_class = PersonEditView


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
    )
