"""Keeping the read model exact (`sync`, `forget_details`) and filling it (`render`).

`sync` runs in the transaction of the change that calls it, so what lists filter on is never
behind the pages. Representations are rendered with the API's own serializers, after
commit by a task or by the first read that finds them missing; a render only lands on the
record version it started from, so a change racing it is never overwritten.
"""

import hashlib
import itertools
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django_q.tasks import async_task
from wagtail.models import Page, ReferenceIndex

from alliances.models import (
    AlliancePage,
    AllianceServiceLink,
    Membership,
    NeedPage,
    OpportunityPage,
    ServiceItemLink,
    ServicePage,
    Voice,
)
from api import selectors, serializers
from api.readmodel import rendering
from api.readmodel.models import Kind, PublicCount, PublicMention, PublicRecord


def _serializers_version() -> str:
    """A digest of the code and templates that shape a stored representation: a deploy
    that changes any of them makes every stored text stale (re-rendered by the schedule,
    or by the first read that meets it) without a manual command."""
    import inspect
    from pathlib import Path

    from django.conf import settings

    import alliances.richtext
    import api.impact
    import cms.blocks
    import cms.richtext

    digest = hashlib.sha256()
    for module in (
        serializers,
        selectors,
        rendering,
        api.impact,
        cms.blocks,
        cms.richtext,
        alliances.richtext,
    ):
        digest.update(inspect.getsource(module).encode())
    for template in sorted((Path(settings.BASE_DIR) / "templates" / "blocks").glob("*.html")):
        digest.update(template.read_bytes())
    return digest.hexdigest()[:16]


SERIALIZER_VERSION = _serializers_version()
ORIGIN = rendering.ORIGIN  # stands for scheme://host in stored JSON
LANGUAGES = rendering.LANGUAGES
BATCH = 500
RENDER_DEBOUNCE_SECONDS = 2


@dataclass(frozen=True)
class Representation:
    model: type[Page]
    list_queryset: callable
    detail_queryset: callable
    list_serializer: type
    detail_serializer: type


REPRESENTATIONS = {
    Kind.ALLIANCE: Representation(
        AlliancePage,
        selectors.alliance_list_queryset,
        selectors.alliance_detail_queryset,
        serializers.AllianceListSerializer,
        serializers.AllianceDetailSerializer,
    ),
    Kind.SERVICE: Representation(
        ServicePage,
        selectors.service_list_queryset,
        selectors.service_detail_queryset,
        serializers.ServiceListSerializer,
        serializers.ServiceDetailSerializer,
    ),
    Kind.NEED: Representation(
        NeedPage,
        selectors.need_list_queryset,
        selectors.need_detail_queryset,
        serializers.NeedListSerializer,
        serializers.NeedDetailSerializer,
    ),
    Kind.OPPORTUNITY: Representation(
        OpportunityPage,
        selectors.opportunity_list_queryset,
        selectors.opportunity_detail_queryset,
        serializers.OpportunityListSerializer,
        serializers.OpportunityDetailSerializer,
    ),
}
KIND_OF_MODEL = selectors.KIND_OF_MODEL


def _new_version() -> int:
    return time.time_ns()


def _chunks(values: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# Keeping it exact ---------------------------------------------------------------------


def sync(page_ids: Iterable[int], *, content: bool = True) -> dict[int, tuple[bool, bool]]:
    """Recompute the records of these pages (any page type; others are ignored) and, when
    their `content` may have changed, clear their representations. Call inside the
    transaction of the change. Returns {page id: (was public, is public)}: the record is
    the stored previous answer of the authority, locked until the change commits."""
    ids = sorted(set(page_ids))
    models_by_type = {ContentType.objects.get_for_model(model).pk: model for model in KIND_OF_MODEL}
    changes: dict[int, tuple[bool, bool]] = {}
    for batch in _chunks(ids):
        by_model = defaultdict(list)
        for pk, content_type in Page.objects.filter(pk__in=batch).values_list("pk", "content_type"):
            if content_type in models_by_type:
                by_model[models_by_type[content_type]].append(pk)
        for model, pks in by_model.items():
            changes |= _sync_model(model, pks, content=content)
    return changes


def _sync_model(
    model: type[Page], pks: list[int], *, content: bool
) -> dict[int, tuple[bool, bool]]:
    locked = list(
        PublicRecord.objects.select_for_update()
        .filter(page_id__in=pks)
        .order_by("pk")
        .values_list("page_id", "public", "kind", "stage")
    )
    before = {page_id: public for page_id, public, _kind, _stage in locked}
    pages = model.objects.filter(pk__in=pks)
    # The authority's answer now (expiry included); reads compare the expiry again.
    public = set(pages.publicly_visible().values_list("pk", flat=True))
    started = ["started_on"] if model is AlliancePage else []  # only alliances have it
    version = _new_version()
    records = [
        PublicRecord(
            page_id=row["pk"],
            kind=KIND_OF_MODEL[model],
            public=row["pk"] in public,
            expire_at=row["expire_at"],
            slug=row["slug"],
            url_path=row["url_path"],
            title=row["title"],
            stage=row["stage"],
            started_on=row.get("started_on"),
            updated_at=row["updated_at"],
            version=version,
        )
        for row in selectors.with_updated_at(pages).values(
            "pk", "expire_at", "slug", "url_path", "title", "stage", "updated_at", *started
        )
    ]
    fields = ["kind", "public", "expire_at", "slug", "url_path", "title", "stage"]
    fields += ["started_on", "updated_at", "version"]
    if content:
        fields += ["card_de", "card_en", "detail_de", "detail_en"]
    PublicRecord.objects.bulk_create(
        records, update_conflicts=True, unique_fields=["page"], update_fields=fields
    )
    differences = Counter((r.kind, r.stage) for r in records if r.public)
    differences.subtract((kind, stage) for _pk, public, kind, stage in locked if public)
    _journal(differences)
    return {
        record.page_id: (before.get(record.page_id, False), record.public) for record in records
    }


def _journal(differences: Counter) -> None:
    """Add the differences {(kind, stage): +n/-n} of a change to the public counts."""
    PublicCount.objects.bulk_create(
        PublicCount(kind=kind, stage=stage, delta=delta)
        for (kind, stage), delta in sorted(differences.items())
        if delta
    )


def _lock_counts(*, wait: bool = True) -> None:
    """Inside a transaction: no change adds to the counts until it ends, and one that has
    added and not committed is waited for (PostgreSQL; SQLite writes one at a time).
    `wait=False`: raise CountsBusy at once instead of queueing, so that a queued lock can
    never hold up a change that an adding change waits for (a cycle of waits)."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(PublicCount._meta.db_table)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE{'' if wait else ' NOWAIT'}"
            )
    except OperationalError as error:
        if type(error.__cause__).__name__ == "LockNotAvailable":
            raise CountsBusy from error
        raise


class CountsBusy(Exception):
    """A change is adding to the public counts right now."""


def _replace_counts(totals) -> None:
    PublicCount.objects.all().delete()
    PublicCount.objects.bulk_create(
        PublicCount(kind=kind, stage=stage, delta=n) for kind, stage, n in totals if n
    )


def fold_counts(above: int = 0) -> int:
    """Fold the journal of public counts into one row per kind and stage, once it holds
    more than `above` rows; returns the rows it held (0 when changes were adding to it:
    the next run folds)."""
    try:
        with transaction.atomic():
            _lock_counts(wait=False)
            rows = PublicCount.objects.count()
            if rows > above:
                totals = PublicCount.objects.values_list("kind", "stage").annotate(n=Sum("delta"))
                _replace_counts(list(totals.order_by()))
    except CountsBusy:
        return 0
    return rows


def recount() -> None:
    """The public counts from the records themselves (after a full rebuild; a repair)."""
    with transaction.atomic():
        _lock_counts()
        totals = (
            PublicRecord.objects.filter(public=True)
            .values_list("kind", "stage")
            .annotate(n=Count("pk"))
            .order_by()
        )
        _replace_counts(list(totals))


def public_count(kind: str, stage: str | None = None) -> int:
    """What `PublicRecord.objects.visible(kind)` (of this stage, or of every stage) counts,
    from the journal, less the public records whose expiry has passed: a few index rows
    however many records there are. One statement (written out: the ORM took longer to
    compile it than the database to answer)."""
    quote = connection.ops.quote_name
    counts, records = quote(PublicCount._meta.db_table), quote(PublicRecord._meta.db_table)
    kind_is, stage_is = f"{quote('kind')} = %s", f" AND {quote('stage')} = %s" if stage else ""
    stages = [stage] if stage else []
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM({quote('delta')}), 0) FROM {counts} "  # noqa: S608 (quoted names; values are parameters)
            f"WHERE {kind_is}{stage_is}) - (SELECT COUNT(*) FROM {records} WHERE {kind_is} "
            f"AND {quote('public')} AND {quote('expire_at')} IS NOT NULL "
            f"AND {quote('expire_at')} <= %s{stage_is})",
            [kind, *stages, kind, now, *stages],
        )
        return cursor.fetchone()[0]


def subtree(page: Page) -> list[int]:
    return list(Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def with_moved_urls(page: Page) -> list[int]:
    """Records below `page` whose URL changed (an ancestor's slug was published)."""
    return list(
        PublicRecord.objects.filter(page__path__startswith=page.path)
        .exclude(url_path=F("page__url_path"))
        .values_list("page_id", flat=True)
    )


def sync_all(*, content: bool = True) -> int:
    """Every page's record; details naming a page whose visibility changed are cleared."""
    ids = list(Page.objects.filter(content_type__in=_content_types()).values_list("pk", flat=True))
    changes = sync(ids, content=content)
    changed = {page_id for page_id, (was, now) in changes.items() if was != now}
    _forget_details(naming(changed) - changed)
    recount()
    return len(ids)


def clock_due() -> list[int]:
    """Pages whose answer the clock alone changed since it was recorded: a public record
    past its expiry, or a live page past its go-live whose record is not public yet."""
    now = timezone.now()
    expired = PublicRecord.objects.filter(public=True, expire_at__lte=now)
    went_live = PublicRecord.objects.filter(
        public=False, page__live=True, page__go_live_at__lte=now
    )
    return sorted(
        {*expired.values_list("page_id", flat=True), *went_live.values_list("page_id", flat=True)}
    )


def out_of_date() -> list[int]:
    """Pages whose record no longer gives the authority's answer: an expiry or a go-live
    passed since, a signal was lost, or a programme page has no record yet."""
    now = timezone.now()
    found: list[int] = []
    for kind, spec in REPRESENTATIONS.items():
        public_pages = spec.model.objects.publicly_visible().values("pk")
        records = PublicRecord.objects.filter(kind=kind)
        found += (
            records.filter(public=True)
            .exclude(page_id__in=public_pages)
            .values_list("page_id", flat=True)
        )
        found += records.filter(public=True, expire_at__lte=now).values_list("page_id", flat=True)
        found += records.filter(public=False, page_id__in=public_pages).values_list(
            "page_id", flat=True
        )
        found += spec.model.objects.exclude(
            pk__in=PublicRecord.objects.values("page_id")
        ).values_list("pk", flat=True)
    return sorted(set(found))


def refresh_statistics() -> None:
    """After many rows changed at once: planner statistics (PostgreSQL also sets the
    visibility map, without which the list's index-only count visits every row)."""
    table = connection.ops.quote_name(PublicRecord._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute(f"VACUUM (ANALYZE) {table}")
        else:
            cursor.execute(f"ANALYZE {table}")


def fill_if_empty() -> None:
    """After migrate: a database from before the read model gets its records (rendered
    by the schedule, or on first read)."""
    if not PublicRecord.objects.exists():
        sync_all()


def _content_types() -> list[int]:
    return [ContentType.objects.get_for_model(model).pk for model in KIND_OF_MODEL]


def forget(records: Q | None = None, *, cards: bool = True) -> int:
    """Clear representations (all, or those `records` selects) so they are rendered again."""
    fields = {"detail_de": None, "detail_en": None, "detail_expires_at": None}
    fields["version"] = _new_version()
    if cards:
        fields |= {"card_de": None, "card_en": None}
    queryset = (
        PublicRecord.objects.all() if records is None else PublicRecord.objects.filter(records)
    )
    return queryset.update(**fields)


LINKS = (
    (AllianceServiceLink, ("alliance_id", "service_id")),
    (ServiceItemLink, ("service_id", "item_id")),
)


def links_of(page_ids: Iterable[int]) -> dict[int, set[int]]:
    """{page id: the pages linked to it through the link tables}, as committed now."""
    ids = sorted(set(page_ids))
    linked = defaultdict(set)
    for link, ends in LINKS:
        for near, far in (ends, ends[::-1]):
            for page_id, other in link.objects.filter(**{f"{near}__in": ids}).values_list(
                near, far
            ):
                linked[page_id].add(other)
    return linked


def _named_by(page_ids: list[int]) -> dict[int, set[int]]:
    """{page id: pages its detail names}: through the link tables, and in its content (a
    rich-text link shows only while its target is public, so its expiry counts too)."""
    named = links_of(page_ids)
    page_type = ContentType.objects.get_for_model(Page)
    references = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        object_id__in=[str(pk) for pk in page_ids],
        to_content_type=page_type,
    ).values_list("object_id", "to_object_id")
    for page_id, other in references:
        named[int(page_id)].add(int(other))
    return named


def linked_pages(page_ids: Iterable[int]) -> set[int]:
    return {other for others in links_of(page_ids).values() for other in others}


def naming(page_ids: Iterable[int]) -> set[int]:
    """Pages whose detail names one of these pages: by a link now, by a link when it was
    last rendered, or in its content (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    found: set[int] = set()
    for batch in _chunks(sorted(set(page_ids))):
        found.update(
            PublicMention.objects.filter(page_id__in=batch).values_list("record_id", flat=True)
        )
        found |= linked_pages(batch)
        # An alliance's impact block shows gaps of the items its services meet.
        found.update(
            AllianceServiceLink.objects.filter(service__item_links__item_id__in=batch).values_list(
                "alliance_id", flat=True
            )
        )
        found.update(
            int(pk)
            for pk in ReferenceIndex.objects.filter(
                to_content_type=page_type,
                to_object_id__in=[str(pk) for pk in batch],
                base_content_type=page_type,
            ).values_list("object_id", flat=True)
        )
    return found


def _forget_details(page_ids: set[int]) -> None:
    for batch in _chunks(sorted(page_ids)):
        forget(Q(page_id__in=batch), cards=False)


def page_changed(
    page_ids: Iterable[int], *, content: bool = True, linked_before: Iterable[int] = ()
) -> dict[int, tuple[bool, bool]]:
    """Pages were published, unpublished, moved, restricted (`content=False`: only who may
    see them changed) or changed stage. `linked_before`: pages they were linked to before
    the change (a removed link is gone from the tables by now). Returns what `sync` does."""
    ids = set(page_ids)
    changes = sync(ids, content=content)
    _forget_details((naming(ids) | set(linked_before)) - ids)
    render_after_commit()
    return changes


def page_deleted(page_id: int) -> PublicRecord | None:
    """Before a page is deleted (its links are still there); its record goes with it.
    Returns the record as it was (locked), the authority's last answer for the page."""
    record = (
        PublicRecord.objects.select_for_update()
        .filter(pk=page_id)
        .only("page_id", "kind", "slug", "public", "stage")
        .first()
    )
    if record is not None and record.public:
        _journal(Counter({(record.kind, record.stage): -1}))
    _forget_details(naming([page_id]) - {page_id})
    render_after_commit()
    return record


def members_changed(*, organisation=None, person=None) -> None:
    """An organisation or a person changed: the details of alliances naming them."""
    if organisation is not None:
        alliances = Membership.objects.filter(organisation=organisation).values("alliance_id")
    else:
        alliances = Membership.objects.filter(person=person).values("alliance_id")
        voices = Voice.objects.filter(person=person).values("alliance_id")
        forget(Q(page_id__in=voices), cards=False)
    forget(Q(page_id__in=alliances), cards=False)
    render_after_commit()


def alliances_of_persons(person_ids: Iterable[int]) -> set[int]:
    """Alliances whose members or voices include these persons."""
    ids = list(person_ids)
    return set(
        Membership.objects.filter(person_id__in=ids).values_list("alliance_id", flat=True)
    ) | set(Voice.objects.filter(person_id__in=ids).values_list("alliance_id", flat=True))


def referencing(obj) -> set[int]:
    """Pages whose content refers to `obj` (a rich-text link, an image block)."""
    page_type = ContentType.objects.get_for_model(Page)
    return {
        int(pk)
        for pk in ReferenceIndex.objects.filter(
            to_content_type=ReferenceIndex._get_base_content_type(obj),
            to_object_id=str(obj.pk),
            base_content_type=page_type,
        ).values_list("object_id", flat=True)
    }


def other_page_changed(page: Page) -> None:
    """A page that is no programme page (an index, the home page) was published: pages
    below it whose URL changed, the details listing them, and details linking to it in
    their content."""
    moved = with_moved_urls(page)
    if moved:
        sync(moved)
    _forget_details((referencing(page) | naming(moved)) - set(moved))
    render_after_commit()


def image_changed(image) -> None:
    """Pages showing it, in their card or content, and alliances with a member
    organisation using it as logo."""
    _forget_details(referencing(image))
    showing = [
        model.objects.filter(image=image).values("pk")
        for model in (AlliancePage, ServicePage, NeedPage, OpportunityPage)
    ]
    for pages in showing:
        forget(Q(page_id__in=pages))
    forget(
        Q(page_id__in=Membership.objects.filter(organisation__logo=image).values("alliance_id")),
        cards=False,
    )
    render_after_commit()


def everything_changed() -> None:
    """A catalogue entry or the site changed: names and URLs in every representation."""
    forget()
    render_after_commit()


def enqueue_render() -> None:
    """Ask a worker to render what is missing (`api.readmodel.tasks.render`)."""
    async_task("api.readmodel.tasks.render", task_name="readmodel-render")


def render_after_commit() -> None:
    """One render task for a burst of changes (a first read renders what it finds missing
    in between, and a schedule catches up after a lost task)."""

    def enqueue_once() -> None:
        if cache.add("api:readmodel:render-queued", True, timeout=RENDER_DEBOUNCE_SECONDS):
            enqueue_render()

    transaction.on_commit(enqueue_once)


# Filling it -----------------------------------------------------------------------------


def render(kind: str, page_ids: list[int], *, detail: bool) -> dict[int, dict[str, str]]:
    """{page id: {language: JSON text}} for those of the pages that are public."""
    spec = REPRESENTATIONS[kind]
    queryset = (spec.detail_queryset if detail else spec.list_queryset)(bulk=True)
    serializer = spec.detail_serializer if detail else spec.list_serializer
    return rendering.render(queryset.filter(pk__in=page_ids), serializer, detail=detail)


def render_details_and_cards(
    kind: str, page_ids: list[int]
) -> tuple[dict[int, dict[str, str]], dict[int, dict[str, str]]]:
    """`render(…, detail=True)` and `render(…, detail=False)` of the public pages, from one
    load and one serialization of the pages (rendering.render_details_and_cards)."""
    spec = REPRESENTATIONS[kind]
    pages = list(spec.detail_queryset(bulk=True).filter(pk__in=page_ids))
    return rendering.render_details_and_cards(pages, spec.detail_serializer, spec.list_serializer)


def _first_expiry(linked: dict[int, set[int]]) -> dict[int, object]:
    """For each detail: the first moment one of the public pages it lists expires."""
    every = {page_id for pages in linked.values() for page_id in pages}
    expiries = dict(
        PublicRecord.objects.filter(
            page_id__in=every, public=True, expire_at__isnull=False
        ).values_list("page_id", "expire_at")
    )
    first = {}
    for record_id, pages in linked.items():
        moments = [expiries[page_id] for page_id in pages if page_id in expiries]
        if moments:
            first[record_id] = min(moments)
    return first


def fill(records: list[PublicRecord], *, detail: bool) -> None:
    """Render what these records lack (they carry page_id, kind, version, rendered_with)
    and store it where no change came in between; the records get the texts either way.
    Rendering details renders the cards too (they come from the same data)."""
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    for kind, group in by_kind.items():
        ids = [record.page_id for record in group]
        linked = _named_by(ids) if detail else {}
        expiring = _first_expiry(linked)
        if detail:
            rendered, cards = render_details_and_cards(kind, ids)
        else:
            rendered, cards = render(kind, ids, detail=False), {}
        prefix = "detail" if detail else "card"
        values_of: dict[PublicRecord, dict] = {}
        for record in group:
            texts = rendered.get(record.page_id)
            if texts is None:  # no longer public: a change is on its way
                continue
            values = {f"{prefix}_{language}": texts[language] for language in LANGUAGES}
            if detail:
                values["detail_expires_at"] = expiring.get(record.page_id)
                card = cards[record.page_id]
                values |= {f"card_{language}": card[language] for language in LANGUAGES}
            if record.rendered_with != SERIALIZER_VERSION:  # the other texts are stale too
                if not detail:
                    values |= {f"detail_{language}": None for language in LANGUAGES}
                values["rendered_with"] = SERIALIZER_VERSION
            for field, text in values.items():
                setattr(record, field, text)
            values_of[record] = values
        for batch in _chunks(list(values_of), STORE_BATCH):
            stored = _store({record: values_of[record] for record in batch})
            if stored and detail:
                # One DELETE: a receiver of every model's deletions (on_page_deleting)
                # would make delete() load the rows and delete them in chunks.
                mentions = PublicMention.objects.filter(record_id__in=stored)
                mentions._raw_delete(mentions.db)
                PublicMention.objects.bulk_create(
                    PublicMention(record_id=record_id, page_id=other)
                    for record_id in sorted(stored)
                    for other in sorted(linked.get(record_id, ()))
                )


STORE_BATCH = 250


def _store(values_of: dict[PublicRecord, dict]) -> set[int]:
    """Write rendered texts, each row only if its record still has the version the render
    started from (a change since then cleared it and wins); returns the page ids written.

    One parameterised UPDATE sent for all rows at once (executemany): the ORM's
    CASE/WHEN for a batch cost more than rendering it, one update() per row as much."""
    if not values_of:
        return set()
    meta = PublicRecord._meta
    quote = connection.ops.quote_name
    by_fields = defaultdict(list)
    for record, values in values_of.items():
        by_fields[tuple(sorted(values))].append(record)
    with transaction.atomic(), connection.cursor() as cursor:
        for fields, records in by_fields.items():
            columns = [meta.get_field(field) for field in fields]
            assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
            # Only the model's own table and column names, quoted; the values are parameters.
            table, key = quote(meta.db_table), quote(meta.pk.column)
            version = quote(meta.get_field("version").column)
            sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s AND {version} = %s"  # noqa: S608
            cursor.executemany(
                sql,
                [
                    [
                        *(
                            column.get_db_prep_save(values_of[record][column.name], connection)
                            for column in columns
                        ),
                        record.page_id,
                        record.version,
                    ]
                    for record in records
                ],
            )
        # The rows still at their version are those just written: a change committed
        # before the UPDATE moved its row's version; one after it waits for this commit.
        expected = {record.page_id: record.version for record in values_of}
        now = PublicRecord.objects.filter(pk__in=list(expected)).values_list("pk", "version")
        return {pk for pk, version in now if expected[pk] == version}


def render_pending(limit: int | None = None, progress=None) -> int:
    """Render the missing representations of visible records, each tried once; returns
    how many representations were tried (a record's card and detail count as two; at
    most about `limit`). Details go first: they bring their cards along. A batch holds
    records of one kind, so each render call gets a whole batch of pages to share its
    lookups (catalogues, linked pages, the site) over."""
    tried = 0
    for (prefix, detail), kind in itertools.product(
        (("detail", True), ("card", False)), REPRESENTATIONS
    ):
        after = 0
        while limit is None or tried < limit:
            now = timezone.now()
            missing = Q(**{f"{prefix}_de__isnull": True}) | ~Q(rendered_with=SERIALIZER_VERSION)
            if detail:
                missing |= Q(detail_expires_at__lte=now)
            pending = list(
                PublicRecord.objects.filter(
                    missing,
                    Q(expire_at__isnull=True) | Q(expire_at__gt=now),
                    kind=kind,
                    public=True,
                    page_id__gt=after,
                )
                .only("page_id", "kind", "version", "rendered_with")
                .order_by("page_id")[:BATCH]
            )
            if not pending:
                break
            fill(pending, detail=detail)
            tried += len(pending) * (2 if detail else 1)
            after = pending[-1].page_id
            if progress:
                progress(tried)
    return tried
