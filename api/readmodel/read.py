"""Answering from the read model: stored JSON joined, with the request's host put in."""

import functools
import json

from django.db import connection, connections
from django.utils import timezone, translation

from api.readmodel.models import PublicRecord, visible_where
from api.readmodel.services import LANGUAGES, ORIGIN, SERIALIZER_VERSION, fill
from cms.origin import request_origin


def language() -> str:
    current = (translation.get_language() or LANGUAGES[0]).split("-")[0]
    return current if current in LANGUAGES else LANGUAGES[0]


class ListedCards:
    """The visible records of a kind (of one `stage`, or of all), in a list's order, with
    their card in this language: a sequence Django's paginator slices, each slice one
    written-out query (building it with the ORM cost a fifth of an uncached list).

    `order_by`: a queryset's ordering names (`("title", "pk")`, `("-updated_at", "pk")`);
    `count`: how many there are, as the read model keeps it (`services.public_count`).
    """

    def __init__(self, kind: str, stage: str | None, order_by, count: int):
        self.kind, self.stage, self.order_by, self.count = kind, stage, order_by, count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, window: slice) -> list[PublicRecord]:
        quote = connection.ops.quote_name
        fields = _in_model_order(
            "page_id", "kind", "version", "rendered_with", f"card_{language()}"
        )
        where, parameters = visible_where(connection), [self.kind, timezone.now()]
        if self.stage is not None:
            where += f" AND {quote('stage')} = %s"
            parameters.append(self.stage)
        order = ", ".join(
            f"{quote(_column(name.removeprefix('-')))} {'DESC' if name[0] == '-' else 'ASC'}"
            for name in self.order_by
        )
        return _records(
            fields,
            f"WHERE {where} ORDER BY {order} LIMIT %s OFFSET %s",
            [*parameters, window.stop - window.start, window.start],
        )


def _in_model_order(*names: str) -> tuple[str, ...]:
    """`names` (attribute names of PublicRecord) in the order of the model's fields."""
    order = [field.attname for field in PublicRecord._meta.concrete_fields]
    return tuple(sorted(names, key=order.index))


@functools.lru_cache(maxsize=32)
def _converters(alias: str, fields: tuple[str, ...]) -> tuple[tuple, ...]:
    """Per field, what a queryset applies to the database's value (e.g. SQLite's text of a
    date and time becomes an aware datetime)."""
    meta, database = PublicRecord._meta, connections[alias]
    found = []
    for name in fields:
        column = next(f for f in meta.concrete_fields if f.attname == name).get_col(meta.db_table)
        found.append(
            tuple(database.ops.get_db_converters(column) + column.get_db_converters(database))
        )
    return tuple(found)


def _records(fields: tuple[str, ...], condition: str, parameters: list) -> list[PublicRecord]:
    """The PublicRecords of one written-out query selecting `fields` (in the model's order)
    from the record table with `condition` (`WHERE …`, ordering, limits; its values are
    `parameters`), made as a queryset makes them (`Model.from_db`, the other fields deferred). A raw
    queryset resolved its columns and the model's init order on every query: a tenth of
    an uncached detail."""
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        table = quote(PublicRecord._meta.db_table)
        # Quoted names only; the values are parameters.
        sql = f"SELECT {', '.join(map(quote, fields))} FROM {table} {condition}"  # noqa: S608
        cursor.execute(sql, parameters)
        rows = cursor.fetchall()
    converters = _converters(connection.alias, fields)
    records = []
    for row in rows:
        values = list(row)
        for index, functions in enumerate(converters):
            for convert in functions:
                values[index] = convert(values[index], None, connection)
        records.append(PublicRecord.from_db(connection.alias, fields, values))
    return records


def _column(name: str) -> str:
    meta = PublicRecord._meta
    return (meta.pk if name == "pk" else meta.get_field(name)).column


def cards_of(keys: list[int]) -> list[PublicRecord]:
    """The records of one list page (`keys`: its page ids, at most a page's size), in its
    order, with their card in this language (one query, written out as the others)."""
    if not keys:
        return []
    fields = _in_model_order("page_id", "kind", "version", "rendered_with", f"card_{language()}")
    quote = connection.ops.quote_name
    found = _records(
        fields,
        f"WHERE {quote('page_id')} IN ({', '.join(['%s'] * len(keys))})",
        list(keys),
    )
    records = {record.page_id: record for record in found}
    return [records[key] for key in keys if key in records]


def detail_record(kind: str, slug: str) -> PublicRecord | None:
    """The visible record of `kind` with `slug`, with its detail in this language (one
    indexed query, written out: building it with the ORM took half of a detail's time)."""
    fields = _in_model_order(
        "page_id", "kind", "version", "rendered_with", f"detail_{language()}", "detail_expires_at"
    )
    quote = connection.ops.quote_name
    found = _records(
        fields,
        f"WHERE {visible_where(connection)} "
        f"AND {quote('slug')} = %s ORDER BY {quote('page_id')} LIMIT 1",
        [kind, timezone.now(), slug],
    )
    return found[0] if found else None


def _texts(records: list[PublicRecord], prefix: str) -> list[str]:
    field = f"{prefix}_{language()}"
    if prefix == "detail":
        # A page the detail lists has expired since: render without it.
        now = timezone.now()
        for record in records:
            if record.detail_expires_at is not None and record.detail_expires_at <= now:
                setattr(record, field, None)
    for record in records:
        if record.rendered_with != SERIALIZER_VERSION:  # rendered by other serializers
            setattr(record, field, None)
    if missing := [record for record in records if getattr(record, field) is None]:
        fill(missing, detail=prefix == "detail")
    # A record that could not be rendered was withdrawn a moment ago: left out.
    return [text for record in records if (text := getattr(record, field)) is not None]


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def list_json(request, *, count, next_link, previous_link, records) -> bytes:
    """What DRF would render for the paginated serializer output, byte for byte."""
    results = ",".join(_texts(records, "card"))
    body = (
        f'{{"count":{count},"next":{_dumps(next_link)},"previous":{_dumps(previous_link)},'
        f'"results":[{results}]}}'
    )
    return body.replace(ORIGIN, request_origin(request)).encode()


def detail_json(request, record: PublicRecord) -> bytes | None:
    texts = _texts([record], "detail")
    if not texts:
        return None
    return texts[0].replace(ORIGIN, request_origin(request)).encode()
