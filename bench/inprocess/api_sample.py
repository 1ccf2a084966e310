"""What the partner API benchmark requests: a sample alliance and the query counts."""

import json
import os


def sample() -> None:
    from alliances.models import AlliancePage

    active = AlliancePage.objects.publicly_visible().filter(slug__startswith="gen-", stage="active")
    ids = list(active.order_by("path").values_list("pk", flat=True)[:138])
    page = AlliancePage.objects.prefetch_related("districts", "topics").get(pk=ids[-1])
    found = {
        "slug": page.slug,
        "id": page.pk,
        "district": page.districts.all()[0].slug,
        "topic": page.topics.all()[0].slug,
    }
    print(json.dumps(found))


def query_counts() -> None:
    """[queries, of which on the cache table] of each path in BENCH_PATHS (separated by
    "|"), answered afresh (run with API_RESPONSE_CACHE_TIMEOUT=0), after a warm-up."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    counts = []
    for path in os.environ["BENCH_PATHS"].split("|"):
        client.get(path, secure=True)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path, secure=True).status_code
        # The cache table's queries (generation, throttle) are counted apart: they are the
        # same for every request and vanish with Redis.
        cache = sum('"cache_entries"' in query["sql"] for query in queries.captured_queries)
        counts.append([len(queries) - cache, cache] if status == 200 else [-1, -1])
    print(json.dumps(counts))
