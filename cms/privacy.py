"""Data-subject rights (DSGVO Art. 15, 17, 30): one registry of where personal data lives.

Each app registers the places it stores personal data (`PersonalData`) in its
`AppConfig.ready()`; the export, the erasure, the retention job and the record of
processing activities all walk this registry, so imports stay one way (apps → cms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models


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

    `collect(subject)` returns rows as {German label: value} dicts; `erase(subject)`
    erases or anonymises them and returns how many rows it touched; `purge(now)` applies
    the retention period and returns how many rows it removed (None: no period).
    """

    key: str
    label: str
    model: type[models.Model]
    fields: tuple[str, ...]
    purpose: str
    legal_basis: str
    retention: str
    recipients: str
    collect: Callable[[Subject], list[dict]]
    erase: Callable[[Subject], int]
    purge: Callable | None = None
    order: int = 100
    extra: dict = field(default_factory=dict)


_REGISTRY: dict[str, PersonalData] = {}


def register(entry: PersonalData) -> None:
    _REGISTRY[entry.key] = entry


def registry() -> list[PersonalData]:
    return sorted(_REGISTRY.values(), key=lambda e: (e.order, e.key))


def field_labels(entry: PersonalData) -> list[str]:
    """The verbose names of the personal fields, read from the model."""
    return [str(entry.model._meta.get_field(name).verbose_name) for name in entry.fields]


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
    for item in processing_record():
        lines += [
            f"## {item['name']}",
            "",
            f"- {_('Personal fields')}: {', '.join(item['fields'])} (`{item['table']}`)",
            f"- {_('Purpose')}: {item['purpose']}",
            f"- {_('Legal basis')}: {item['legal_basis']}",
            f"- {_('Retention')}: {item['retention']}",
            f"- {_('Recipients')}: {item['recipients']}",
            "",
        ]
    return "\n".join(lines)
