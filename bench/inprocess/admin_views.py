"""Server time of the views editors and the Kernteam use every day, with a full database.

Each view is requested through Django's test client (the whole middleware stack, no
network) as a superuser, once to warm up and then BENCH_ADMIN_RUNS times (11); the median
counts. With 5 runs one slow run in three moved a median by half on a 2-core machine,
and a view's growth from 1,000 to 10,000 alliances read 1.3× in one run and 2.5× in the
next. Production settings: the request says it came over HTTPS, as behind the proxy.
"""

import json
import os
import statistics
import time

# The word most generated titles share is the search a busy editor types.
SEARCH_WORD = "Garten"


def admin_views(search_word: str = SEARCH_WORD) -> list[tuple[str, str]]:
    """(name, URL) of every view measured, in the order printed: the views an editor or a
    Kernteam member uses every day. tests/cms/test_admin_queries.py pins their queries."""
    from django.urls import reverse
    from wagtail.snippets.models import get_snippet_models

    from alliances.models import (
        AllianceIndexPage,
        AlliancePage,
        NeedIndexPage,
        NeedPage,
        OpportunityIndexPage,
        OpportunityPage,
        Organisation,
        Person,
        ServiceIndexPage,
        ServicePage,
    )
    from alliances.reports.views import REPORTS

    board = reverse("kernteam_board")
    views = [
        ("dashboard", reverse("wagtailadmin_home")),
        ("page search", f"{reverse('wagtailadmin_pages:search')}?q={search_word}"),
    ]
    for label, index_model in (
        ("needs", NeedIndexPage),
        ("opportunities", OpportunityIndexPage),
        ("services", ServiceIndexPage),
        ("alliances", AllianceIndexPage),
    ):
        index = index_model.objects.get()
        views.append((f"explorer ({label})", reverse("wagtailadmin_explore", args=[index.pk])))
    for label, model in (
        ("a need", NeedPage),
        ("an opportunity", OpportunityPage),
        ("a service", ServicePage),
        ("an alliance", AlliancePage),
    ):
        # The first generated page: the same one at every scale.
        page = model.objects.filter(slug__startswith="gen-").order_by("pk").first()
        page = page or model.objects.order_by("pk").first()
        views.append((f"edit view ({label})", reverse("wagtailadmin_pages:edit", args=[page.pk])))
    views += [
        ("board: needs and opportunities", f"{board}?tab=items"),
        ("board: services", f"{board}?tab=services"),
        ("board: alliances", f"{board}?tab=alliances"),
    ]
    views += [
        (f"report: {view.page_title}", reverse(f"kernteam_reports:{view.url_name}"))
        for view in REPORTS
    ]
    for model in get_snippet_models():
        name = str(model._meta.verbose_name_plural)
        views.append((f"snippets: {name}", reverse(model.snippet_viewset.get_url_name("list"))))
    for label, model in (("an organisation", Organisation), ("a person", Person)):
        obj = model.objects.order_by("pk").first()
        url = reverse(model.snippet_viewset.get_url_name("edit"), args=[obj.pk])
        views.append((f"snippet edit ({label})", url))
    return views


def measure() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    runs = int(os.environ.get("BENCH_ADMIN_RUNS", "11"))
    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_login(user)
    results = []
    for name, url in admin_views():
        status = client.get(url, secure=True).status_code  # warm-up (and templates loaded)
        times = []
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        query_count = len(queries)  # now: the next request clears the connection's log
        for _ in range(runs - 1):
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        results.append(
            {
                "name": name,
                "url": url,
                "status": status,
                "ms": statistics.median(times) * 1000,
                "queries": query_count,
            }
        )
    print(json.dumps(results))


def query_counts(client, views: list[tuple[str, str]] | None = None) -> dict[str, tuple]:
    """{name: (HTTP status, queries)} of each admin view as `client`'s user sees it, after
    a warm-up request (per-process lookups such as content types are not the view's)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, url in views or admin_views():
        client.get(url, secure=True)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url, secure=True).status_code
        counts[name] = (status, len(queries))
    return counts
