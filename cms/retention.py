"""Retention (DSGVO Art. 5 (1) e): every night, each place of personal data with a period
(`settings.RETENTION_DAYS`) removes what is older; each run is recorded for the Kernteam."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cms import privacy
from cms.models import RetentionRecord


def retention_apply(*, now=None) -> dict[str, int]:
    """Apply every registered period; returns {place: rows removed} and records the run."""
    now = now or timezone.now()
    removed = {}
    for entry in privacy.registry():
        if entry.purge is None:
            continue
        with transaction.atomic():
            removed[entry.key] = entry.purge(now)
            RetentionRecord.objects.create(
                ran_at=now,
                key=entry.key,
                label=str(entry.label),
                removed=removed[entry.key],
                retention_days=settings.RETENTION_DAYS.get(entry.extra.get("period", entry.key)),
            )
    return removed


def run() -> dict[str, int]:
    """The scheduled task (django-q2)."""
    return retention_apply()
