"""Every admin download (CSV and XLSX of every listing and report that has one) reads its
rows in chunks with what they need in bulk: more alliances, needs and services, the same
number of queries (cms.exports.GermanSpreadsheetMixin)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.models import AlliancePage, NeedPage, ServicePage
from tests.cms.test_checked_listings import rows  # noqa: F401  a row in every listing
from tests.cms.test_every_listing import REFUSED_TO_EVERYONE, _listings, admin_client, objects  # noqa: F401
from tests.factories import make_page
from tests.factories.api import make_public

pytestmark = pytest.mark.django_db


def _queries(client, url: str, export_format: str) -> int | None:
    """Queries of the whole download (the streamed file read to its end); None: no file."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"export": export_format})
        if response.status_code != 200 or not response.has_header("Content-Disposition"):
            return None
        b"".join(response.streaming_content) if response.streaming else response.content
    return len(queries)


def _more_programme_pages():
    for number in range(6):
        maker = make_public if number % 2 else make_page
        alliance = maker(AlliancePage, title=f"Weitere Allianz {number}")
        alliance.save_revision()  # a second revision, as editors make them
        maker(NeedPage, title=f"Weiterer Bedarf {number}")
        maker(ServicePage, title=f"Weitere Leistung {number}")


def test_no_admin_download_takes_a_query_per_row(admin_client, objects):  # noqa: F811
    downloads = [
        (url, export_format)
        for url, view in _listings(objects)
        if not url.startswith(REFUSED_TO_EVERYONE) and not url.rstrip("/").endswith("results")
        for export_format in ("csv", "xlsx")
    ]
    counts = {}
    for url, export_format in downloads:
        _queries(admin_client, url, export_format)  # per-process lookups (content types)
        counts[url, export_format] = _queries(admin_client, url, export_format)
    counts = {key: count for key, count in counts.items() if count is not None}
    assert ("/admin/alliances_listing/", "csv") in counts
    _more_programme_pages()
    grown = {}
    for (url, export_format), count in counts.items():
        _queries(admin_client, url, export_format)
        more = _queries(admin_client, url, export_format)
        if more != count:
            grown[url, export_format] = (count, more)
    assert grown == {}
