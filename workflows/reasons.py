"""A guard's reason together with where it is fixed, so the admin can link to the spot."""

from django.urls import reverse


class Reason(str):
    """The reason's text (it compares and serialises as plain text) plus the fix's place.

    `page_id` is the page whose edit view holds the fix (the page itself or a linked page);
    `anchor` the id of the field or inline panel there (without "#").
    """

    page_id: int | None
    anchor: str

    def __new__(cls, text, *, page_id: int | None = None, anchor: str = ""):
        reason = super().__new__(cls, str(text))
        reason.page_id = page_id
        reason.anchor = anchor
        return reason

    @property
    def fix_url(self) -> str:
        if self.page_id is None:
            return ""
        url = reverse("wagtailadmin_pages:edit", args=[self.page_id])
        return f"{url}#{self.anchor}" if self.anchor else url


def field_anchor(name: str) -> str:
    """The id Django gives the input of field `name` in the page's edit form."""
    return f"id_{name}"


def inline_anchor(relation: str) -> str:
    """The id of an inline panel's list of forms (Wagtail's InlinePanel)."""
    return f"id_{relation}-FORMS"
