"""Data-subject rights (DSGVO Art. 15, 17, 30): one registry of where personal data lives.

Each app registers the places it stores personal data (`PersonalData`) in its
`AppConfig.ready()`; the export, the erasure, the retention job and the record of
processing activities all walk this registry, so imports stay one way (apps → cms).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qs, urlsplit

from django.db import models
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import Resolver404, resolve
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

# Wording many places share (one msgid, translated once).
LEGAL_BASIS_CONSENT = gettext_lazy("Art. 6 (1) a GDPR (consent)")
RECIPIENTS_KERNTEAM = gettext_lazy("Kernteam Bürger-Kommune (admin, after login)")


def moment(value):
    """A date or moment in an export, kept as it is ("" when there is none): the JSON says it
    in ISO 8601, the readable document in German local time (`export_value`)."""
    return value or ""


HIDDEN_LINK = gettext_lazy("Confirmation link (no longer valid, not shown here)")
# A link ends before the punctuation of the sentence around it.
_URL = re.compile(r"https?://[^\s<>\"']*[^\s<>\"'.,;:!?)]")


def without_token_links(text: str) -> str:
    """`text` with every link that carries a token (confirmation, withdrawal, invitation:
    a URL pattern with a `token` argument, or a `token` parameter) replaced by HIDDEN_LINK,
    so that a copy of a mail in an export cannot be used to act for the person."""

    def replace(match: re.Match) -> str:
        url = urlsplit(match.group(0))
        if "token" in parse_qs(url.query):
            return str(HIDDEN_LINK)
        try:
            resolved = resolve(url.path)
        except Resolver404:
            return match.group(0)
        return str(HIDDEN_LINK) if "token" in resolved.kwargs else match.group(0)

    return _URL.sub(replace, text or "")


def export_value(value) -> str:
    """A value of an export row for the readable document: moments as "30.11.2026, 03:50"
    (Europe/Berlin, the site's TIME_ZONE), dates as "30.11.2026", yes/no, "–" for nothing."""
    if value is True:
        return str(gettext_lazy("yes"))
    if value is False:
        return str(gettext_lazy("no"))
    if isinstance(value, datetime):
        return dateformat.format(timezone.localtime(value), "d.m.Y, H:i")
    if isinstance(value, date):
        return dateformat.format(value, "d.m.Y")
    if value is None or value == "":
        return "–"
    return str(value)


def names(entries) -> str:
    """Catalogue entries (competences, districts …) in an export: their names, joined."""
    return ", ".join(entry.name for entry in entries)


@dataclass(frozen=True)
class Subject:
    """The person whose data is asked for: their record, other records of the same
    e-mail address (a hand-in creates its own), their name and e-mail addresses."""

    person_id: int
    name: str
    emails: tuple[str, ...] = ()
    person_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class PersonalData:
    """One place personal data is stored, with what the DPO must know about it.

    Most places are rows found by the subject's addresses: they declare `find(subject)`
    (a queryset, see `rows_naming`) and `describe(row)` ({German label: value}); the
    export lists what `find` returns and the erasure deletes it. Places that anonymise
    instead declare `collect(subject)` (rows as dicts) and `erase(subject)` (how many rows
    it touched). `purge(now)` applies the retention period and returns how many rows it
    removed (None: no period).
    """

    key: str
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]
    purpose: str
    legal_basis: str
    retention: str
    recipients: str
    collect: Callable[[Subject], list[dict]] | None = None
    erase: Callable[[Subject], int] | None = None
    find: Callable[[Subject], QuerySet] | None = None
    describe: Callable[[models.Model], dict] | None = None
    purge: Callable | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)
    # Labels of fields whose model (Wagtail's) names them by their attribute only.
    labels: dict = field(default_factory=dict)

    def __post_init__(self):
        if (self.collect is None or self.erase is None) and (
            self.find is None or self.describe is None
        ):
            raise TypeError(f"{self.key}: declare find and describe, or collect and erase")

    def rows(self, subject: Subject) -> list[dict]:
        """What the export shows of this place for `subject` (Art. 15)."""
        if self.collect is not None:
            return self.collect(subject)
        return [self.describe(row) for row in self.find(subject)]

    def erase_for(self, subject: Subject) -> int:
        """Erase or anonymise this place's rows of `subject` (Art. 17); how many rows."""
        if self.erase is not None:
            return self.erase(subject)
        found = self.find(subject)
        # By key: the finding queryset may carry annotations a DELETE cannot take.
        ids = list(found.values_list("pk", flat=True))
        return found.model.objects.filter(pk__in=ids).delete()[0]


def rows_naming(
    model: type[models.Model], subject: Subject, field_name: str, *, match: str = "value"
) -> QuerySet:
    """Rows of `model` holding one of the subject's e-mail addresses in `field_name`:
    `match="value"` the whole value (any case); `"text"` anywhere in it, read as text
    (JSON too); `"json_string"` as a whole string inside JSON (a list of recipients:
    "ann@x.org" does not find "joann@x.org")."""
    if not subject.emails:
        return model.objects.none()
    query = Q()
    for email in subject.emails:
        if match == "value":
            query |= Q(**{f"{field_name}__iexact": email})
        else:
            query |= Q(as_text__icontains=f'"{email}"' if match == "json_string" else email)
    if match == "value":
        return model.objects.filter(query)
    return model.objects.annotate(as_text=Cast(field_name, TextField())).filter(query)


_REGISTRY: dict[str, PersonalData] = {}


def register(entry: PersonalData) -> None:
    _REGISTRY[entry.key] = entry


def registry() -> list[PersonalData]:
    return sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key))


def field_label(entry: PersonalData, name: str) -> str:
    """A field's label as the admin shows it: its verbose name, capitalised. A relation
    without a verbose name of its own ("person") is named by its model ("Person")."""
    if name in entry.labels:
        return capfirst(str(entry.labels[name]))
    model_field = entry.model._meta.get_field(name)
    label = str(model_field.verbose_name)
    if model_field.is_relation and label == name.replace("_", " "):
        label = str(model_field.related_model._meta.verbose_name)
    return capfirst(label)


def field_labels(entry: PersonalData) -> list[str]:
    """The labels of the personal fields, read from the model."""
    return [field_label(entry, name) for name in entry.fields]


def retention_text(entry: PersonalData) -> str:
    """The entry's retention in the active language, with the configured periods filled in
    (msgids name them: "%(form_submissions)s days after submission.")."""
    from django.conf import settings

    return str(entry.retention) % settings.RETENTION_DAYS


def processing_record() -> list[dict]:
    """The record of processing activities (Art. 30 GDPR), read from the registry and the
    models: one entry per place, in the active language."""
    return [
        {
            "key": entry.key,
            "name": str(entry.label),
            "table": entry.model._meta.db_table,
            "fields": field_labels(entry),
            "purpose": str(entry.purpose),
            "legal_basis": str(entry.legal_basis),
            "retention": retention_text(entry),
            "recipients": str(entry.recipients),
        }
        for entry in registry()
    ]


def processing_record_markdown() -> str:
    from django.utils.translation import gettext as _

    lines = [f"# {_('Record of processing activities (Art. 30 GDPR)')}", ""]
    for place in processing_record():
        lines += [
            f"## {place['name']}",
            "",
            f"- {_('Personal fields')}: {', '.join(place['fields'])} (`{place['table']}`)",
            f"- {_('Purpose')}: {place['purpose']}",
            f"- {_('Legal basis')}: {place['legal_basis']}",
            f"- {_('Retention')}: {place['retention']}",
            f"- {_('Recipients')}: {place['recipients']}",
            "",
        ]
    return "\n".join(lines)
