"""One impact concept: the alliance's free-text impact report becomes a dated impact report.

Nothing is lost: the live text becomes an impact report row of the live page, and the text
of the latest revision (a draft may differ) becomes an impact report in that revision, so
publishing the draft keeps it. The period runs from the founding date (or first
publication) to the last change.
"""

from django.db import migrations, models
from django.utils import timezone


def _period(alliance, revision):
    end = (revision.created_at if revision else None) or alliance.last_published_at
    end = timezone.localdate(end) if end else timezone.localdate()
    start = alliance.started_on or (
        timezone.localdate(alliance.first_published_at) if alliance.first_published_at else end
    )
    return min(start, end), end


def forwards(apps, schema_editor):
    AlliancePage = apps.get_model("alliances", "AlliancePage")
    ImpactReport = apps.get_model("alliances", "ImpactReport")
    Revision = apps.get_model("wagtailcore", "Revision")
    for alliance in AlliancePage.objects.all().iterator():
        revision = (
            Revision.objects.filter(pk=alliance.latest_revision_id).first()
            if alliance.latest_revision_id
            else None
        )
        start, end = _period(alliance, revision)
        live_text = alliance.impact_report.strip()
        order = ImpactReport.objects.filter(alliance=alliance).aggregate(
            top=models.Max("sort_order")
        )["top"]
        created = None
        if live_text:
            created = ImpactReport.objects.create(
                alliance=alliance,
                sort_order=0 if order is None else order + 1,
                period_start=start,
                period_end=end,
                what_changed=live_text,
            )
        if revision is None or "impact_report" not in revision.content:
            continue
        content = dict(revision.content)
        draft_text = (content.pop("impact_report") or "").strip()
        if draft_text:
            reports = list(content.get("impact_reports") or [])
            reports.append(
                {
                    "pk": created.pk if created and draft_text == live_text else None,
                    "alliance": alliance.pk,
                    "sort_order": len(reports),
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "people_reached": 0,
                    "volunteer_hours": "0.0",
                    "what_changed": draft_text,
                }
            )
            content["impact_reports"] = reports
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("alliances", "0012_i14_constraint_messages")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField(model_name="alliancepage", name="impact_report"),
    ]
