"""Every block form's counts, indexes and order checked, in one place (like
cms.checked_listings for the listings).

Wagtail's StreamBlock, ListBlock and TypedTableBlock read the editor's hidden fields
with `int(data["…-count"])`, `data["…-N-deleted"]`, `data["…-N-type"]` and
`int(data["…-N-order"])`: a form without them, or with `abc`, was a 500
(MultiValueDictKeyError, ValueError), and `int()` read "٢" as 2. Their
`value_from_datadict` is wrapped once at start (CmsConfig.ready): the numbers they read
must be written in digits 0-9 (cms.numbers), every field they read must be there, and
whatever else their reading trips over is a 400 (Django's BadRequest reaches handler400,
the admin's German 400 page), never a 500.
"""

import functools

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.middleware import RefusedInput
from cms.numbers import ascii_whole_number

MALFORMED = _("The form's content blocks are incomplete or malformed. Please reload the page.")

# Per block class: the suffixes of its counts, and per counted item the suffixes read
# ("number" ones as whole numbers).
_LIST_ITEM = {"deleted": "present", "order": "number"}
_STREAM_ITEM = {"deleted": "present", "type": "present", "order": "number"}
_COUNTED_PARTS = {
    blocks.ListBlock: {"count": _LIST_ITEM},
    blocks.StreamBlock: {"count": _STREAM_ITEM},
}
try:  # an optional contrib app; checked whether or not a project installs it
    from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
except ImportError:  # pragma: no cover
    TypedTableBlock = None
else:
    _COUNTED_PARTS[TypedTableBlock] = {
        "column-count": {
            "deleted": "present",
            "order": "number",
            "type": "present",
            "heading": "present",
        },
        "row-count": {"deleted": "present", "order": "number"},
    }


def _refuse(prefix):
    raise RefusedInput(MALFORMED, {prefix: [str(MALFORMED)]}, about_address=False)


def check_counted_data(data, prefix, parts) -> None:
    """Refuses (400) block data under `prefix` whose counts or item fields (`parts`, see
    _COUNTED_PARTS) are missing or not whole numbers in digits 0-9."""
    for count_suffix, item in parts.items():
        count = ascii_whole_number(data.get(f"{prefix}-{count_suffix}"))
        if count is None:
            _refuse(prefix)
        # "column-count" numbers "column-N-…"; "count" numbers "N-…".
        stem = count_suffix.removesuffix("count")
        for index in range(count):
            for suffix, kind in item.items():
                value = data.get(f"{prefix}-{stem}{index}-{suffix}")
                if value is None or (kind == "number" and ascii_whole_number(value) is None):
                    _refuse(prefix)


def _checked(block_class, value_from_datadict):
    parts = _COUNTED_PARTS[block_class]

    @functools.wraps(value_from_datadict)
    def value_from_checked_datadict(self, data, files, prefix):
        check_counted_data(data, prefix, parts)
        try:
            return value_from_datadict(self, data, files, prefix)
        except (KeyError, ValueError, TypeError, IndexError):
            # Something else the reading assumed (a caption of a table): malformed.
            _refuse(prefix)

    value_from_checked_datadict.checked = True
    return value_from_checked_datadict


def check_every_block_form() -> None:
    """Wraps the base classes' value_from_datadict (every subclass inherits it). Once, at
    start (CmsConfig.ready)."""
    for block_class in _COUNTED_PARTS:
        method = block_class.value_from_datadict
        if not getattr(method, "checked", False):
            block_class.value_from_datadict = _checked(block_class, method)
