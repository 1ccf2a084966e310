"""The Kernteam board: the pages of one workflow in columns per stage, with filters and
lead times.

A constant number of queries however many pages there are: counts per column in one
grouped query, the first cards of every column in one windowed query.

Its request is checked as the admin's listings check theirs (cms/listings.py): invalid
filters, an unknown board (`tab`) or stage, a page number not in the digits 0-9, or any of
them given twice show the errors, no cards, and answer 400 (the board showed every card,
the first board, or page 1). A model choice by id, and the cards of a bulk step, are
whole numbers in the digits 0-9 (cms.numbers), and a bulk step for an unknown board is
refused as well (it ran on the first board).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connections
from django.db.models import Count, F
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from alliances.models import (
    AlliancePage,
    District,
    ItemPage,
    NeedPage,
    OpportunityPage,
    ServicePage,
    Topic,
)
from cms.filters import REPEATED_FILTER
from cms.form_input import refuse_repeated, repeated_fields
from cms.numbers import (
    PAGE,
    PAGE_NOT_A_NUMBER,
    PAGE_NUMBER,
    REPEATED_PAGE,
    AsciiModelChoiceField,
    AsciiPaginator,
    ascii_whole_number,
    refuse_other_digits,
)
from workflows.models import COMMENT_MAX_LENGTH
from workflows.permissions import permitted_transitions, runs_workflow
from workflows.registry import stage_choices, transitions
from workflows.selectors import lead_times, reminder_periods
from workflows.services import run_transition_bulk

CARDS_PER_COLUMN = 25
PAGE_SIZE = 50
TABS = {
    "items": (ItemPage, _("Needs and opportunities")),
    "services": (ServicePage, _("Services")),
    "alliances": (AlliancePage, _("Alliances")),
}
KINDS = {"need": NeedPage, "opportunity": OpportunityPage}
BOARD = _("Board")
UNKNOWN_BOARD = _("There is no board “%(value)s”. Please choose one of the tabs.")
REPEATED_BOARD = _("The board was given twice or more. Please choose only one.")
STAGE = _("Stage")
UNKNOWN_STAGE = _("There is no stage “%(value)s” on this board.")
REPEATED_STAGE = _("The stage was given twice or more. Please choose only one.")


class BoardFilterForm(forms.Form):
    """The board's filters; ids (district, topic, assignee) in the digits 0-9 only."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All")), ("need", _("Needs")), ("opportunity", _("Opportunities"))],
    )
    district = AsciiModelChoiceField(
        label=_("District"), queryset=District.objects.order_by("name"), required=False
    )
    topic = AsciiModelChoiceField(label=_("Topic"), queryset=Topic.objects.all(), required=False)
    assignee = AsciiModelChoiceField(
        label=_("Assignee"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
    )

    def apply(self, queryset, model):
        data = self.cleaned_data
        if data.get("kind") and model is ItemPage:
            queryset = queryset.filter(content_type__model=KINDS[data["kind"]]._meta.model_name)
        if data.get("district"):
            queryset = queryset.filter(districts=data["district"])
        if data.get("topic"):
            queryset = queryset.filter(topics=data["topic"])
        if data.get("assignee"):
            queryset = queryset.filter(assignee=data["assignee"])
        return queryset


class PageIdsField(forms.TypedMultipleChoiceField):
    """Selected card ids; the view looks them up in the tab's model (no list of every id).
    An id in other digits than 0-9 is refused saying so (OTHER_DIGITS), not as a choice."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def to_python(self, value):
        values = super().to_python(value)
        for text in values:
            refuse_other_digits(text)
        return values

    def valid_value(self, value):
        return ascii_whole_number(str(value)) is not None


class BulkStepForm(forms.Form):
    """One step, one comment, for every selected card (steps needing an assignee excluded)."""

    transition = forms.ChoiceField(label=_("Step"))
    comment = forms.CharField(
        label=_("Comment or reason"), required=False, max_length=COMMENT_MAX_LENGTH
    )
    confirm = forms.BooleanField(
        label=_("Yes, I want to take this step for every selected card."), required=False
    )
    pages = PageIdsField(
        label=_("Cards"), error_messages={"required": _("Please select at least one card.")}
    )

    def __init__(self, *args, model, permitted, **kwargs):
        super().__init__(*args, **kwargs)
        self.specs = {
            name: spec
            for name, spec in transitions(model).items()
            if name in permitted and not spec.needs_assignee
        }
        self.fields["transition"].choices = [
            (name, spec.label) for name, spec in self.specs.items()
        ]

    def clean(self):
        data = super().clean()
        spec = self.specs.get(data.get("transition"))
        # A comment with an error of its own (too long) is there: no "give a reason" too.
        missing = "comment" in data and not data["comment"].strip()
        if spec and spec.needs_comment and missing:
            self.add_error("comment", _("Please give a reason."))
        if spec and spec.weighty and not data.get("confirm"):
            self.add_error("confirm", _("Please confirm this step."))
        return data


def may_see_board(user) -> bool:
    return runs_workflow(user)


def first_of_each_stage(queryset, stages: list[str], order: list) -> list[int]:
    """The ids of the first CARDS_PER_COLUMN pages of `queryset` in each of `stages`, in
    `order`: one LIMIT per stage, sent together as one UNION ALL, each an index range on
    (stage, stage_changed_at). A window numbering every page instead visited them all:
    24 ms for the 5,000 services of 10,000 alliances on SQLite, 318 ms at 100,000.

    Django slices no part of a union on SQLite, so the parts' SQL is joined here, each
    with its parameters (no value is ever written into the SQL)."""
    if queryset.query.is_empty() or not stages:
        return []
    connection = connections[queryset.db]
    parts, params = [], []
    for number, stage in enumerate(stages):
        part = queryset.filter(stage=stage).order_by(*order).values_list("pk", flat=True)
        sql, part_params = (
            part[:CARDS_PER_COLUMN].query.get_compiler(connection=connection).as_sql()
        )
        parts.append(f"SELECT * FROM ({sql}) AS stage_{number}")  # noqa: S608 (compiled SQL)
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]


def _cards(queryset):
    return queryset.select_related("assignee", "content_type").prefetch_related("districts")


def _one_value(query, name, errors, label, repeated) -> str:
    """The one value of `name` in `query` ("" if none); given twice: an error."""
    values = query.getlist(name)
    if len(values) > 1:
        errors.append((label, repeated))
        return ""
    return values[0] if values else ""


def board_tab(query, errors) -> str:
    """The board (`tab`) in `query`, "items" if none; unknown or given twice: an error in
    `errors` (label, error), and "items" as the board whose form is shown."""
    tab = _one_value(query, "tab", errors, BOARD, REPEATED_BOARD)
    if tab and tab not in TABS:
        errors.append((BOARD, UNKNOWN_BOARD % {"value": tab}))
    return tab if tab in TABS else "items"


def board_parameter_errors(query, model) -> list[tuple[str, str]]:
    """(label, error) of the board's own parameters: the board, the stage, the page."""
    errors = []
    board_tab(query, errors)
    stage = _one_value(query, "stage", errors, STAGE, REPEATED_STAGE)
    if stage and stage not in dict(stage_choices(model)):
        errors.append((STAGE, UNKNOWN_STAGE % {"value": stage}))
    page = _one_value(query, "p", errors, PAGE, REPEATED_PAGE)
    if page and not PAGE_NUMBER.match(page):
        errors.append((PAGE, PAGE_NOT_A_NUMBER))
    return errors


def board_view(request):
    if not may_see_board(request.user):
        raise PermissionDenied
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "items"
    model, _label = TABS[tab]
    form = BoardFilterForm(request.GET or None)
    if model is not ItemPage:
        del form.fields["kind"]  # only needs and opportunities have kinds
    if form.is_bound:
        form.full_clean()
        refuse_repeated(form, repeated_fields(form), REPEATED_FILTER)
    parameter_errors = board_parameter_errors(request.GET, model)
    filters_at_fault = form.is_bound and bool(form.errors)
    valid = not (filters_at_fault or parameter_errors)
    if valid:
        queryset = model.objects.all()
        if form.is_bound:
            queryset = form.apply(queryset, model)
    else:  # the errors, no cards
        queryset = model.objects.none()

    now = timezone.now()
    reminder_days = reminder_periods(model)
    permitted = permitted_transitions(request.user, model)
    specs = transitions(model)
    counts = dict(queryset.order_by().values_list("stage").annotate(n=Count("pk")))
    order = [F("stage_changed_at").asc(nulls_last=True), F("pk").asc()]

    single_stage = request.GET.get("stage")
    stages = stage_choices(model)
    page_obj = None
    if single_stage in dict(stages):
        stages = [(value, label) for value, label in stages if value == single_stage]
        page_obj = AsciiPaginator(
            _cards(queryset.filter(stage=single_stage).order_by(*order)), PAGE_SIZE
        ).get_page(request.GET.get("p"))
        cards = list(page_obj.object_list)
    else:
        first = first_of_each_stage(queryset, [value for value, _label in stages], order)
        cards = list(_cards(model.objects.filter(pk__in=first)).order_by("stage", *order))

    by_stage = {value: [] for value, _label in stages}
    for card in cards:
        days = (now - card.stage_changed_at).days if card.stage_changed_at else None
        limit = reminder_days.get(card.stage)
        by_stage.setdefault(card.stage, []).append(
            {
                "page": card,
                "kind": card.content_type.model_class()._meta.verbose_name,
                "districts": ", ".join(d.name for d in card.districts.all()),
                "days": days,
                "overdue": bool(limit and days is not None and days > limit),
                "transitions": [
                    spec
                    for name, spec in specs.items()
                    if name in permitted and card.stage in spec.sources
                ],
            }
        )
    times = lead_times(model)
    columns = [
        {
            "stage": value,
            "label": label,
            "count": counts.get(value, 0),
            "cards": by_stage.get(value, []),
            "more": counts.get(value, 0) - len(by_stage.get(value, [])),
            "lead_time": times.get(value),
        }
        for value, label in stages
    ]
    return TemplateResponse(
        request,
        "alliances/board.html",
        {
            "tabs": [(key, label) for key, (_m, label) in TABS.items()],
            "tab": tab,
            "form": form,
            "columns": columns,
            "page_obj": page_obj,
            "board_url": request.get_full_path(),
            "page_title": _("Kernteam board"),
            "header_title": _("Kernteam board"),
            # The filters alone: each link adds the tab, stage and page it leads to (one
            # of them twice would be a 400, `board_parameter_errors`).
            "filters_query": urlencode(
                [(k, v) for k, v in request.GET.items() if k not in ("tab", "stage", "p")]
            ),
            "stage": single_stage if page_obj else "",
            "bulk_form": BulkStepForm(model=model, permitted=permitted),
            "filters_at_fault": filters_at_fault,
            "errors": _errors(form) + [f"{label}: {error}" for label, error in parameter_errors],
        },
        status=200 if valid else 400,
    )


def _errors(form) -> list[str]:
    """ "Label: error" of each invalid filter."""
    if not form.is_bound:
        return []
    return [
        f"{form.fields[name].label}: {message}" if name in form.fields else str(message)
        for name, messages in form.errors.items()
        for message in messages
    ]


def board_bulk_view(request):
    """Run one step for every selected card, each through the runner; report per card."""
    if not may_see_board(request.user):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    board_errors = []  # an unknown board, or two: refused as the board refuses them
    tab = board_tab(request.POST, board_errors)
    model, _label = TABS[tab]
    form = BulkStepForm(
        request.POST, model=model, permitted=permitted_transitions(request.user, model)
    )
    board_url = reverse("kernteam_board") + "?" + urlencode({"tab": tab})
    if board_errors or not form.is_valid():
        return TemplateResponse(
            request,
            "alliances/board_bulk.html",
            {
                "refused": True,
                # For another board than the one asked for, the step and cards are not judged.
                "form": None if board_errors else form,
                "errors": [f"{label}: {error}" for label, error in board_errors],
                "outcomes": [],
                "board_url": reverse("kernteam_board") if board_errors else board_url,
                "page_title": _("Step for several cards"),
                "header_title": _("Step for several cards"),
            },
            status=400,
        )
    pages = [page.specific for page in model.objects.filter(pk__in=form.cleaned_data["pages"])]
    outcomes = run_transition_bulk(
        pages,
        form.cleaned_data["transition"],
        by=request.user,
        comment=form.cleaned_data["comment"],
    )
    return TemplateResponse(
        request,
        "alliances/board_bulk.html",
        {
            "form": None,
            "spec": form.specs[form.cleaned_data["transition"]],
            "outcomes": outcomes,
            "board_url": board_url,
            "page_title": _("Step for several cards"),
            "header_title": _("Step for several cards"),
        },
    )
