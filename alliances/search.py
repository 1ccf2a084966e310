"""The public site's search and filters: over what `publicly_visible()` allows, nothing
else. Server-rendered from GET parameters, so every result list has a shareable URL."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alliances.models.catalogues import AgeGroup, District, Topic
from cms.form_input import SubmittedInputMixin
from cms.numbers import (
    PAGE_NOT_A_NUMBER,
    PAGE_NUMBER,
    REPEATED_PAGE,
    AsciiModelChoiceField,
    AsciiPaginator,
)
from cms.query_input import INVISIBLE_TERM, only_invisible, undecodable_query_names
from cms.search import searchable

FILTERS = ("district", "topic", "age_group")
FIRST_PAGE_SHOWN = _("The first page is shown.")
PAGES_FROM_ONE = _("Pages are counted from 1.")
WORDS = re.compile(r"\w+")
REPEATED_FILTER = _("Given more than once in the address; please choose one value.")


class PublicFilterForm(SubmittedInputMixin, forms.Form):
    """Search term and the three classifications. An unknown slug, a filter given twice
    in the address, a value not sent as UTF-8 and a term of only invisible characters are
    reported and ignored (the other filters still apply): a bad link shows a list, never a
    500. Made from the request (`for_request`), which knows the bytes sent."""

    repeated_message = REPEATED_FILTER

    q = forms.CharField(label=_("Search term"), required=False, max_length=200, strip=True)
    district = AsciiModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All districts"),
    )
    topic = AsciiModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    age_group = AsciiModelChoiceField(
        label=_("Age group"),
        queryset=AgeGroup.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All age groups"),
    )

    def clean_q(self) -> str:
        """Words only: quotes and operators mean syntax to the full-text engines (SQLite's
        FTS5 fails on a lone quote), and nobody types them on purpose. A term of only
        invisible characters (a zero-width space) is named: it looks like no term."""
        if only_invisible(self.cleaned_data["q"]):
            raise forms.ValidationError(INVISIBLE_TERM, code="invisible")
        return " ".join(WORDS.findall(self.cleaned_data["q"]))

    def searches_nothing(self) -> bool:
        """Whether a term was typed that holds no word (only emoji or punctuation): it
        finds nothing, as in the API; an empty field is no search."""
        return (
            bool(self.data.get("q", "").strip())
            and "q" not in self.errors
            and not (self.cleaned_data.get("q"))
        )

    def __init__(self, data=None, *, undecodable=frozenset(), **kwargs):
        super().__init__(data, **kwargs)
        # The fields whose value was not UTF-8 (SubmittedInputMixin names them); others
        # are no filter of this form.
        self.undecodable_fields = frozenset(undecodable) & set(self.fields)
        self.is_valid()

    @classmethod
    def for_request(cls, request) -> "PublicFilterForm":
        return cls(request.GET, undecodable=undecodable_query_names(request))

    @property
    def choices(self) -> dict:
        """What applies: the valid filters and the search term."""
        chosen = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value
        }
        if self.searches_nothing():
            chosen["q"] = ""  # a search, for no word: `public_results` finds nothing
        return chosen

    def query_string(self, **change) -> str:
        """The current selection as a URL query (for pagination and "show all" links)."""
        from urllib.parse import urlencode

        values = {name: self.data.get(name, "") for name in ("q", *FILTERS)}
        values.update(change)
        return urlencode({k: v for k, v in values.items() if v and k not in self.errors})


def public_results(model, *, parent=None, choices: dict):
    """Public pages of `model` (below `parent` if given), filtered and searched, with what
    a card shows (image, districts) fetched along. A search term of no word (`q` chosen
    but empty, `PublicFilterForm.searches_nothing`) finds nothing.

    Filters are applied in the database; the search runs over the ids that passed them,
    so the search backend sees only a filter it indexes (`id`, `cms.search.searchable`)."""
    queryset = model.objects.publicly_visible()
    if parent is not None:
        queryset = queryset.child_of(parent)
    for name in FILTERS:
        if value := choices.get(name):
            queryset = queryset.filter(**{f"{name}s": value})
    if "q" in choices and not choices["q"]:  # a term of no word (emoji, punctuation)
        return _for_cards(queryset.none())
    if term := choices.get("q"):
        matching = model.objects.filter(searchable(queryset))
        return _for_cards(matching).search(term, operator="and")
    return _for_cards(queryset).order_by("title", "pk")


def _for_cards(queryset):
    return queryset.select_related("image").prefetch_related("districts")


def paginate(results, data, per_page: int):
    """The page of `results` that `data["page"]` names, and a notice when it names none
    (as a bad filter gets one, `PublicFilterForm`): another page is shown, and the notice
    says which and why. No `page`: the first page, no notice."""
    paginator = AsciiPaginator(results, per_page)
    numbers = data.getlist("page")
    if not numbers:
        return paginator.get_page(1), None
    if len(numbers) > 1:
        return paginator.get_page(1), f"{REPEATED_PAGE} {FIRST_PAGE_SHOWN}"
    if not PAGE_NUMBER.match(numbers[0]):
        return paginator.get_page(1), f"{PAGE_NOT_A_NUMBER} {FIRST_PAGE_SHOWN}"
    if int(numbers[0]) == 0:
        return paginator.get_page(1), f"{PAGES_FROM_ONE} {FIRST_PAGE_SHOWN}"
    if int(numbers[0]) > paginator.num_pages:
        last = paginator.num_pages
        notice = ngettext(
            "This list has only %(count)d page; it is shown.",
            "This list has only %(count)d pages; the last one is shown.",
            last,
        ) % {"count": last}
        return paginator.get_page(last), notice
    return paginator.get_page(int(numbers[0])), None
