"""What `make bench` prints and writes at the end of a run of several scales, and its
matching section's measurement (both without starting servers)."""

import io
import json
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command

from bench import run


def _figures(scale: int) -> dict:
    k = scale / 1000
    return {
        "seed s": 2.0 * k,
        "seed pages/s": 1200.0,
        "render s": 3.0 * k,
        "render/s": 1500.0,
        "list p50 ms": 3.0,
        "list p99 ms": 9.0,
        "detail p50 ms": 2.0,
        "q p50 ms": 5.0 * k,
        "filter p50 ms": 4.0,
        "admin": {
            "dashboard": {"name": "dashboard", "ms": 40.0 * (1 + k / 10), "queries": 12},
            "report: Gesucht": {"name": "report: Gesucht", "ms": 50.0 * k, "queries": 16},
        },
    }


def test_a_run_of_two_scales_prints_the_admin_table_and_draws_the_curve(tmp_path, monkeypatch):
    monkeypatch.setattr(run, "ROOT", tmp_path)
    monkeypatch.setattr(run, "BENCH_DIR", tmp_path / ".bench")
    monkeypatch.setattr(run, "CHART", tmp_path / "docs" / "bench-scaling.svg")
    monkeypatch.setattr(run, "SCALES", [1000, 10000])
    text = run.summary(["(sections)"], {s: _figures(s) for s in (1000, 10000)}, 12.0)
    assert "admin view (server time, median)" in text
    assert "scaling curve" in text and "chart: docs/bench-scaling.svg" in text
    growth = [line for line in text.splitlines() if line.startswith("admin at 10,000 / 1,000")]
    assert any("dashboard" in line and line.endswith(" met") for line in growth), growth
    assert any("Gesucht" in line and "NOT MET" in line for line in growth), growth
    assert (tmp_path / "docs" / "bench-scaling.svg").read_text().startswith("<svg")
    assert (tmp_path / ".bench" / "last-run.txt").read_text() == text + "\n"


@pytest.mark.django_db
def test_the_matching_section_measures_candidates_report_and_the_stored_wanted_block():
    from api.readmodel import services
    from bench.inprocess import matching

    call_command("seed_demo", "--scale", "30", stdout=io.StringIO())
    services.sync_all(content=True)
    services.render_pending()
    out = io.StringIO()
    with redirect_stdout(out):
        matching.measure()
    measured = json.loads(out.getvalue().splitlines()[-1])
    assert measured["persons"] >= 60 and measured["organisations"] >= 15
    assert measured["alliances"] > 0 and measured["suggestions"] > 0
    assert measured["candidates p99 ms"] >= measured["candidates p50 ms"] > 0
    assert measured["report rows"] > 0 and measured["report queries"] > 0
    assert measured["wanted in stored detail"] is True
