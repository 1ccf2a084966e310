"""Admin forms of the domain."""

from wagtail.admin.forms import WagtailAdminModelForm

CONTACT_FIELDS = ("email", "phone")


class PersonForm(WagtailAdminModelForm):
    """Without the contact permission the contact fields are not in the form at all.

    Hiding the panel is not enough: a field left in the form would still take a posted
    value. Removed fields keep their stored value.
    """

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        from alliances.models import Person

        if for_user is None or not for_user.has_perm(Person.CONTACT_PERMISSION):
            for name in CONTACT_FIELDS:
                self.fields.pop(name, None)
