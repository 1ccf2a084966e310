"""One impact concept: the free-text impact report moves into dated impact reports, live text
and draft text alike, and nothing is lost."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("alliances", "0012_i14_constraint_messages")]
AFTER = [("alliances", "0013_i14_one_impact_concept")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_free_text_becomes_an_impact_report_live_and_in_the_draft():
    apps = _migrate(BEFORE)
    try:
        ContentType = apps.get_model("contenttypes", "ContentType")
        AlliancePage = apps.get_model("alliances", "AlliancePage")
        Revision = apps.get_model("wagtailcore", "Revision")
        Locale = apps.get_model("wagtailcore", "Locale")
        page_type = ContentType.objects.get(app_label="alliances", model="alliancepage")
        base_type = ContentType.objects.get(app_label="wagtailcore", model="page")
        common = {
            "content_type": page_type,
            "locale": Locale.objects.first(),
            "depth": 2,
            "live": True,
            "summary": "…",
            "purpose": "…",
            "first_published_at": timezone.now(),
        }
        alliance = AlliancePage.objects.create(
            title="Lesepaten",
            slug="lesepaten-alt",
            path="00010091",
            started_on=date(2025, 3, 1),
            impact_report="40 Kinder lesen besser.",
            **common,
        )
        revision = Revision.objects.create(
            content_type=page_type,
            base_content_type=base_type,
            object_id=str(alliance.pk),
            object_str=alliance.title,
            created_at=timezone.now(),
            content={"pk": alliance.pk, "title": alliance.title, "impact_report": "60 Kinder."},
        )
        AlliancePage.objects.filter(pk=alliance.pk).update(latest_revision=revision)
        empty = AlliancePage.objects.create(
            title="Ohne Bericht", slug="ohne-bericht", path="00010092", impact_report="", **common
        )

        apps = _migrate(AFTER)
        ImpactReport = apps.get_model("alliances", "ImpactReport")
        Revision = apps.get_model("wagtailcore", "Revision")
        (report,) = ImpactReport.objects.filter(alliance_id=alliance.pk)
        assert report.what_changed == "40 Kinder lesen besser."
        assert report.period_start == date(2025, 3, 1)
        assert report.period_end >= report.period_start
        content = Revision.objects.get(pk=revision.pk).content
        assert "impact_report" not in content
        assert [r["what_changed"] for r in content["impact_reports"]] == ["60 Kinder."]
        assert content["impact_reports"][0]["pk"] is None  # the draft's own, not the live row
        assert not ImpactReport.objects.filter(alliance_id=empty.pk).exists()
        field_names = {f.name for f in apps.get_model("alliances", "AlliancePage")._meta.fields}
        assert "impact_report" not in field_names
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
