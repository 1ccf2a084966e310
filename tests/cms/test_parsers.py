"""JSON bodies (cms/parsers.py), break tests: a number too large, nesting too deep and
NaN/Infinity were refused without saying what to send instead; `charset=us-ascii` (a
subset of UTF-8) was a 415 even for a body of ASCII bytes."""

import json

import pytest

from tests.api.handins.test_handin_limit import stored, submission
from tests.factories import DistrictFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_caches")]

SUBMISSIONS = "/api/v1/submissions/"


@pytest.fixture(autouse=True)
def _generous_limits(settings):
    settings.HANDIN_THROTTLE_RATE = "1000/hour"


def post(client, raw, content_type="application/json"):
    return client.generic("POST", SUBMISSIONS, raw, content_type=content_type)


@pytest.mark.parametrize(
    ("raw", "fix"),
    [
        ('{"title": 1e999}', "senden Sie sie bitte in Anführungszeichen als JSON-Zeichenkette."),
        ('{"title": ' + "9" * 5000 + "}", "als JSON-Zeichenkette."),
        (
            "[" * 8000 + "]" * 8000,
            "Bitte senden Sie ein JSON-Objekt mit den Feldern, die die Dokumentation beschreibt.",
        ),
        ('{"title": NaN}', "Bitte senden Sie stattdessen eine Zahl, oder lassen Sie das Feld weg."),
        ('{"title": -Infinity}', "oder lassen Sie das Feld weg."),
    ],
    ids=["beyond-a-double", "too-many-digits", "too-deep", "nan", "infinity"],
)
def test_each_fault_of_a_body_says_what_to_send_instead(client, raw, fix):
    response = post(client, raw)
    assert response.status_code == 400
    assert response.json()["detail"].endswith(fix)


def test_a_body_declared_us_ascii_is_read_when_it_is_ascii(client):
    DistrictFactory(slug="neheim", name="Neheim")
    raw = json.dumps(submission(1)).encode("ascii")  # "ä" as \\u00e4: ASCII bytes
    for charset in ("us-ascii", "US-ASCII", '"ascii"'):
        response = post(client, raw, f"application/json; charset={charset}")
        assert response.status_code == 201, (charset, response.content)
    assert stored() == 3


def test_a_body_declared_us_ascii_with_other_bytes_is_refused(client):
    DistrictFactory(slug="neheim", name="Neheim")
    raw = json.dumps(submission(1), ensure_ascii=False).encode()
    response = post(client, raw, "application/json; charset=us-ascii")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Der Inhalt ist als US-ASCII angegeben, enthält aber andere Zeichen. Bitte senden Sie "
        "ihn in UTF-8, mit „charset=utf-8“ oder ohne Angabe eines Zeichensatzes."
    )
    assert stored() == 0
    response = post(client, raw, "application/json; charset=latin-1")
    assert response.status_code == 415
