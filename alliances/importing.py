"""Bulk capture: needs and opportunities from a capture campaign's CSV or XLSX file.

Every row is validated before anything is written; valid rows become captured pages with a
published revision, written in batches (tree paths computed per batch, search index in
bulk). A row is all or nothing: its page, revision, classifications and gap assessment are
written together or not at all.
"""

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, models, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision
from wagtail.rich_text import RichText

from alliances.bulk import (
    Tree,
    index,
    indexing_in_bulk,
    insert_pages,
    refresh_planner_statistics,
)
from alliances.models import (
    AgeGroup,
    District,
    GapAssessment,
    ItemPage,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    Standard,
    Topic,
)
from alliances.spreadsheets import UnreadableFile, read_sheet
from alliances.stages import ItemStage
from cms.localized_input import GermanDateField, GermanDecimalField
from cms.slugs import next_free_slug, slug_for

COLUMNS = (
    "kind", "title", "summary", "description", "slug", "districts", "topics", "age_groups",
    "priority", "capture_channel", "captured_on", "reporter_note",
    "standard", "actual_value", "target_value", "unit", "measured_on", "source",
)  # fmt: skip
REQUIRED_COLUMNS = ("kind", "title", "summary")
GAP_COLUMNS = ("standard", "actual_value", "target_value", "unit", "measured_on", "source")
KINDS = {"need": NeedPage, "opportunity": OpportunityPage}
KIND_CHOICES = [("need", _("Need")), ("opportunity", _("Opportunity"))]
# Besides the codes and the labels: the words of the site's hand-in form ("Einen Bedarf",
# "Eine Idee") and their plurals.
KIND_NAMES = {
    "bedarf": "need",
    "bedarfe": "need",
    "bedarfslage": "need",
    "bedarfslagen": "need",
    "idee": "opportunity",
    "ideen": "opportunity",
    "chance": "opportunity",
    "entwicklungschance": "opportunity",
    "entwicklungschancen": "opportunity",
}
PRIORITY_NAMES = {"low": 1, "medium": 2, "high": 3, "urgent": 4}
# The columns under their German names: the admin's template and its error messages.
COLUMN_LABELS = {
    "kind": "Art",
    "title": "Titel",
    "summary": "Kurzbeschreibung",
    "description": "Beschreibung",
    "slug": "Kurzname",
    "districts": "Stadtteile",
    "topics": "Themenfelder",
    "age_groups": "Generationen",
    "priority": "Priorität",
    "capture_channel": "Kanal",
    "captured_on": "Erfasst am",
    "reporter_note": "Hinweis",
    "standard": "Standard",
    "actual_value": "Istwert",
    "target_value": "Sollwert",
    "unit": "Einheit",
    "measured_on": "Gemessen am",
    "source": "Quelle",
}
BATCH = 250
SLUG_TAKEN = _("This slug is already in use.")
ROW_NOT_WRITTEN = _(
    "The database refused this row (perhaps a page with the same slug was created at the "
    "same moment). Please check the row and import it again."
)
logger = logging.getLogger(__name__)


class ImportFileError(Exception):
    """The file as a whole cannot be read (type, encoding, header): one German sentence."""


@dataclass
class RejectedRow:
    line: int
    reasons: list[str]


@dataclass
class ImportResult:
    rows: int
    imported: int
    rejected: list[RejectedRow] = field(default_factory=list)
    seconds: float = 0.0
    dry_run: bool = False

    @property
    def pages_per_second(self) -> float:
        return self.imported / self.seconds if self.seconds else 0.0


# Reading ---------------------------------------------------------------------------------

# German column names (as in the admin's template) for the English ones.
GERMAN_COLUMNS = {
    "art": "kind",
    "titel": "title",
    "kurzbeschreibung": "summary",
    "beschreibung": "description",
    "kurzname": "slug",
    "stadtteile": "districts",
    "themenfelder": "topics",
    "generationen": "age_groups",
    "priorität": "priority",
    "kanal": "capture_channel",
    "erfasst_am": "captured_on",
    "hinweis": "reporter_note",
    "istwert": "actual_value",
    "ist_wert": "actual_value",
    "sollwert": "target_value",
    "soll_wert": "target_value",
    "einheit": "unit",
    "gemessen_am": "measured_on",
    "quelle": "source",
}


SHOWN_COLUMNS = 10  # an error names at most this many columns, then "and N more"


def _listed(columns: list[str]) -> str:
    """The first few column names, then how many more: a message stays one readable line."""
    shown = ", ".join(columns[:SHOWN_COLUMNS])
    more = len(columns) - SHOWN_COLUMNS
    if more <= 0:
        return shown
    return ngettext("%(shown)s and %(count)s more", "%(shown)s and %(count)s more", more) % {
        "shown": shown,
        "count": number_format(more, force_grouping=True),
    }


def _header(names, *, name: str) -> list[str]:
    written = [value.strip() for value in names]
    header = [re.sub(r"[\s-]+", "_", value.casefold()) for value in written]
    header = [GERMAN_COLUMNS.get(column, column) for column in header]
    unknown = [
        shown for shown, column in zip(written, header, strict=True)
        if column and column not in COLUMNS
    ]  # fmt: skip
    if unknown:
        raise ImportFileError(
            _("“%(name)s”: unknown columns: %(columns)s. Please use the columns of the template.")
            % {"name": name, "columns": _listed(unknown)}
        )
    duplicates = [
        " / ".join(shown for shown, other in zip(written, header, strict=True) if other == column)
        for column in dict.fromkeys(header)
        if column and header.count(column) > 1
    ]
    if duplicates:
        raise ImportFileError(
            _(
                "“%(name)s”: these columns appear more than once: %(columns)s. Please keep one "
                "column of each and save the file again."
            )
            % {"name": name, "columns": _listed(duplicates)}
        )
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFileError(
            _("“%(name)s”: missing columns: %(columns)s. Please use the columns of the template.")
            % {"name": name, "columns": ", ".join(missing)}
        )
    return header


def read_rows(path: Path, *, name: str = "") -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) for every non-empty data row; line 1 is the header.

    Raises ImportFileError (the file cannot be read, or its header is wrong).
    """
    name = name or path.name
    try:
        lines = read_sheet(path, name=name)
        header, count = None, 0
        for line, values in lines:
            if header is None:
                if any(values):
                    header = _header(values, name=name)
                continue
            row = dict(zip(header, values, strict=False))
            if any(row.values()):
                count += 1
                yield line, row
    except UnreadableFile as error:
        raise ImportFileError(str(error)) from error
    if header is None:
        raise ImportFileError(
            _("“%(name)s” has no rows. Please choose the file that holds the rows.")
            % {"name": name}
        )
    if count == 0:
        raise ImportFileError(
            _(
                "“%(name)s” has the column names but no rows below them. Please enter one "
                "need or opportunity per row, from line 2 on, and save the file again."
            )
            % {"name": name}
        )


# Validating ------------------------------------------------------------------------------


def _by_name_and_slug(model) -> dict:
    entries = list(model.objects.all())
    return {**{e.name.casefold(): e for e in entries}, **{e.slug: e for e in entries}}


def choice_names(choices) -> dict[str, str]:
    """Value by value, German label and English label (casefolded), for a choice column."""
    names = {}
    for language in ("en", "de"):
        with translation.override(language):
            names.update({str(label).casefold(): value for value, label in choices})
    names.update({str(value).casefold(): value for value, _label in choices})
    return names


class _Catalogues:
    """Lookups by slug or name, loaded once per file."""

    def __init__(self):
        self.districts = _by_name_and_slug(District)
        self.topics = _by_name_and_slug(Topic)
        self.age_groups = _by_name_and_slug(AgeGroup)
        self.kinds = {**KIND_NAMES, **choice_names(KIND_CHOICES)}
        self.priorities = {**choice_names(ItemPage.Priority.choices), **PRIORITY_NAMES}
        self.channels = choice_names(ItemPage.Channel.choices)
        self.standards: dict[str, list[Standard]] = {}
        for standard in Standard.objects.all():
            self.standards.setdefault(standard.reference.casefold(), []).append(standard)


class ItemRowForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES)
    title = forms.CharField(max_length=255)
    summary = forms.CharField(max_length=400)
    description = forms.CharField(required=False)
    slug = forms.SlugField(max_length=200, required=False, allow_unicode=True)
    districts = forms.CharField(required=False)
    topics = forms.CharField(required=False)
    age_groups = forms.CharField(required=False)
    priority = forms.TypedChoiceField(
        choices=ItemPage.Priority.choices, coerce=int, required=False, empty_value=None
    )
    capture_channel = forms.ChoiceField(choices=ItemPage.Channel.choices, required=False)
    captured_on = GermanDateField(required=False)
    reporter_note = forms.CharField(max_length=200, required=False)
    standard = forms.CharField(required=False)
    actual_value = GermanDecimalField(max_digits=12, decimal_places=2, required=False)
    target_value = GermanDecimalField(max_digits=12, decimal_places=2, required=False)
    unit = forms.CharField(max_length=40, required=False)
    measured_on = GermanDateField(required=False)
    source = forms.CharField(max_length=200, required=False)

    def __init__(self, row: dict[str, str], *, catalogues: _Catalogues):
        data = {name: row.get(name, "") for name in COLUMNS}
        data["kind"] = catalogues.kinds.get(data["kind"].casefold(), data["kind"])
        data["priority"] = str(
            catalogues.priorities.get(data["priority"].casefold(), data["priority"])
        )
        data["capture_channel"] = catalogues.channels.get(
            data["capture_channel"].casefold(), data["capture_channel"]
        )
        super().__init__(data)
        self.catalogues = catalogues

    def _slugs(self, name: str, known: dict) -> list:
        """Entries by name or slug, separated by commas (or by spaces between slugs)."""
        found, unknown = [], []
        for part in (p.strip() for p in re.split(r"[,;|\n]+", self.cleaned_data[name])):
            if not part:
                continue
            if part.casefold() in known:
                found.append(known[part.casefold()])
                continue
            words = part.split()
            found += [known[w.casefold()] for w in words if w.casefold() in known]
            unknown += [w for w in words if w.casefold() not in known]
        if unknown:
            raise forms.ValidationError(
                _("Unknown slugs: %(slugs)s") % {"slugs": ", ".join(unknown)}
            )
        return list(dict.fromkeys(found))

    def clean_districts(self):
        return self._slugs("districts", self.catalogues.districts)

    def clean_topics(self):
        return self._slugs("topics", self.catalogues.topics)

    def clean_age_groups(self):
        return self._slugs("age_groups", self.catalogues.age_groups)

    def clean_capture_channel(self):
        return self.cleaned_data["capture_channel"] or ItemPage.Channel.SURVEY

    def clean_standard(self):
        reference = self.cleaned_data["standard"]
        if not reference:
            return None
        matches = self.catalogues.standards.get(reference.casefold(), [])
        if not matches:
            raise forms.ValidationError(_("No standard has this reference."))
        if len(matches) > 1:
            raise forms.ValidationError(_("Several standards have this reference."))
        return matches[0]

    def clean(self):
        data = super().clean()
        if any(self.data[name] for name in GAP_COLUMNS):
            for name in ("standard", "actual_value", "measured_on", "source"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, _("A gap assessment needs this value."))
        return data


def _share(field: forms.Field, memo=None) -> forms.Field:
    return field


# Validation does not change the fields: one set serves every row (copying the fields for
# each row's form cost more than writing its page).
for _field in ItemRowForm.base_fields.values():
    _field.__deepcopy__ = _share.__get__(_field)


def _reasons(form: forms.Form) -> list[str]:
    """Each error with the column's German name, as in the template."""
    return [
        f"{COLUMN_LABELS.get(name, name)}: {message}" if name != "__all__" else str(message)
        for name, messages in form.errors.items()
        for message in messages
    ]


class _Slugs:
    """Slugs in use under each index page, including those given out in this file."""

    def __init__(self, parents: dict[str, Page]):
        self.taken = {
            kind: set(parent.get_children().values_list("slug", flat=True))
            for kind, parent in parents.items()
        }

    def claim(self, kind: str, given: str, title: str) -> str | None:
        taken = self.taken[kind]
        if given:
            if given in taken:
                return None
            slug = given
        else:
            slug = next_free_slug(slug_for(title, fallback=kind, max_length=190), taken)
        taken.add(slug)
        return slug


# Writing ---------------------------------------------------------------------------------


def _body(description: str) -> list:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", description) if p.strip()]
    html = "".join(f"<p>{escape(p)}</p>".replace("\n", "<br>") for p in paragraphs)
    return [("paragraph", RichText(html))] if html else []


def _build_page(data: dict, tree: Tree, now) -> ItemPage:
    model = KINDS[data["kind"]]
    page = model(
        title=data["title"],
        draft_title=data["title"],
        summary=data["summary"],
        body=_body(data["description"]),
        content_type=ContentType.objects.get_for_model(model),
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        latest_revision_created_at=now,
        stage=ItemStage.CAPTURED,
        stage_changed_at=now,
        capture_channel=data["capture_channel"],
        captured_on=data["captured_on"],
        reporter_note=data["reporter_note"],
        priority=data["priority"],
    )
    tree.place(page, data["slug"])
    # In memory (modelcluster) so that the revision holds them; rows are written in bulk.
    page.districts = data["districts"]
    page.topics = data["topics"]
    page.age_groups = data["age_groups"]
    # Empty child relations in memory, or serialising the revision queries each of them.
    for relation in get_all_child_relations(model):
        setattr(page, relation.get_accessor_name(), [])
    if data["standard"]:
        page.gap_assessments = [
            GapAssessment(
                standard=data["standard"],
                actual_value=data["actual_value"],
                target_value=data["target_value"],
                unit=data["unit"],
                measured_on=data["measured_on"],
                source=data["source"],
                sort_order=0,
            )
        ]
    return page


def _m2m_rows(pages: list[ItemPage], data_rows: list[dict]) -> None:
    for name in ("districts", "topics", "age_groups"):
        m2m = ItemPage._meta.get_field(name)
        through = m2m.remote_field.through
        own, other = f"{m2m.m2m_field_name()}_id", f"{m2m.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            through(**{own: page.pk, other: target.pk})
            for page, data in zip(pages, data_rows, strict=True)
            for target in data[name]
        )


def _write_batch(rows: list[tuple[int, dict]], parents: dict[str, Page]) -> None:
    now = timezone.now()
    trees = {kind: Tree(parent) for kind, parent in parents.items()}
    data_rows = [data for _line, data in rows]
    pages = []
    for data in data_rows:
        pages.append(_build_page(data, trees[data["kind"]], now))
    # One INSERT per table for each page type, without Page.save's tree checks and revision.
    for model in KINDS.values():
        insert_pages([page for page in pages if isinstance(page, model)])
    for tree in trees.values():
        tree.commit()
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=page.get_base_content_type(),
            object_id=str(page.pk),
            created_at=now,
            object_str=page.title,
            content=page.serializable_data(),
        )
        for page in pages
    )
    # One UPDATE for the batch (bulk_update's CASE per row costs more than the inserts).
    revision = Revision.objects.filter(
        base_content_type=revisions[0].base_content_type,
        object_id=Cast(OuterRef("pk"), output_field=models.CharField()),
    ).values("pk")[:1]
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision=Subquery(revision), live_revision=Subquery(revision)
    )
    _m2m_rows(pages, data_rows)
    gaps = []
    for page in pages:
        for gap in page.gap_assessments.all():
            gap.item_id = page.pk
            gap.set_gap()
            gaps.append(gap)
    GapAssessment.objects.bulk_create(gaps)
    for model in KINDS.values():
        index(model, [page for page in pages if isinstance(page, model)])


def import_items(
    *,
    path: Path,
    name: str = "",
    dry_run: bool = False,
    progress: Callable[[int, int, float], None] | None = None,
    batch_size: int = BATCH,
) -> ImportResult:
    """Validate every row of the file, then write the valid ones (unless dry_run)."""
    started = time.monotonic()
    catalogues = _Catalogues()
    parents = {
        "need": NeedIndexPage.objects.get(),
        "opportunity": OpportunityIndexPage.objects.get(),
    }
    slugs = _Slugs(parents)
    valid, rejected, count = [], [], 0
    for line, row in read_rows(path, name=name):
        count += 1
        form = ItemRowForm(row, catalogues=catalogues)
        if not form.is_valid():
            rejected.append(RejectedRow(line, _reasons(form)))
            continue
        data = form.cleaned_data
        data["slug"] = slugs.claim(data["kind"], data["slug"], data["title"])
        if data["slug"] is None:
            rejected.append(RejectedRow(line, [f"{COLUMN_LABELS['slug']}: {SLUG_TAKEN}"]))
            continue
        valid.append((line, data))
    result = ImportResult(rows=count, imported=0, rejected=rejected, dry_run=dry_run)
    if not dry_run:
        with indexing_in_bulk(tuple(KINDS.values())):
            for start in range(0, len(valid), batch_size):
                _write_rows(valid[start : start + batch_size], parents, result)
                if progress:
                    progress(result.imported, len(valid), time.monotonic() - started)
        if result.imported:
            refresh_planner_statistics()
    result.rejected.sort(key=lambda rejected_row: rejected_row.line)
    result.seconds = time.monotonic() - started
    return result


def _write_rows(rows: list[tuple[int, dict]], parents: dict[str, Page], result) -> None:
    """One transaction per batch; if it fails, row by row so only the bad rows are left out."""
    if len(rows) > 1:
        try:
            with transaction.atomic():
                _write_batch(rows, parents)
            result.imported += len(rows)
            return
        except DatabaseError:
            pass
    for line, data in rows:
        try:
            with transaction.atomic():
                _write_batch([(line, data)], parents)
            result.imported += 1
        except DatabaseError:
            # The database's own (English, technical) text is for the log, not the Kernteam.
            logger.exception("import: line %s could not be written", line)
            result.rejected.append(RejectedRow(line, [str(ROW_NOT_WRITTEN)]))
