"""Matching with a full database: the candidates for one alliance (the "Passende
Unterstützer" panel) and the Kernteam report "Gesucht", timed as the server computes them
(alliances.matching, no HTTP: the admin views section times the report's page).

Candidates: BENCH_MATCHING_ALLIANCES generated forming or active alliances that still
want something, each once to warm up and then timed; the report BENCH_MATCHING_RUNS
times. Milliseconds of wall time per answer (p50, p99) and the queries each costs.
"""

import json
import os
import statistics
import time


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(call, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()  # warm-up, and the queries one answer costs
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries)


def measure() -> None:
    from alliances.demand import wanted_report
    from alliances.matching import alliance_matching, wanted_by_alliance
    from alliances.models import AlliancePage, Organisation, Person
    from alliances.stages import AllianceStage
    from api.readmodel.models import PublicRecord

    count = int(os.environ.get("BENCH_MATCHING_ALLIANCES", "40"))
    runs = int(os.environ.get("BENCH_MATCHING_RUNS", "5"))
    candidates = list(
        AlliancePage.objects.filter(
            slug__startswith="gen-", stage__in=[AllianceStage.FORMING, AllianceStage.ACTIVE]
        ).order_by("pk")[: count * 2]
    )
    wanting = wanted_by_alliance(page.pk for page in candidates)
    alliances = [page for page in candidates if wanting.get(page.pk)][:count]
    candidate_ms: list[float] = []
    candidate_queries = 0
    suggestions = 0
    for alliance in alliances:
        times, queries = _timed(lambda a=alliance: alliance_matching(a), 1)
        candidate_ms += times
        candidate_queries = max(candidate_queries, queries)
        suggestions += len(alliance_matching(alliance).suggestions)
    report_ms, report_queries = _timed(wanted_report, runs)
    # "Wir suchen" is part of the stored detail (the read model), not computed per request.
    detail = (
        PublicRecord.objects.filter(page_id__in=[a.pk for a in alliances], public=True)
        .exclude(detail_de=None)
        .values_list("detail_de", flat=True)
        .first()
    )
    print(
        json.dumps(
            {
                "persons": Person.objects.count(),
                "organisations": Organisation.objects.count(),
                "alliances": len(alliances),
                "suggestions": suggestions / max(len(alliances), 1),
                "candidates p50 ms": statistics.median(candidate_ms) if candidate_ms else None,
                "candidates p99 ms": _percentile(candidate_ms, 0.99) if candidate_ms else None,
                "candidates queries": candidate_queries,
                "report p50 ms": statistics.median(report_ms),
                "report p99 ms": _percentile(report_ms, 0.99),
                "report queries": report_queries,
                "report rows": len(wanted_report()),
                "wanted in stored detail": bool(detail and '"wanted":[{' in detail),
            }
        )
    )
