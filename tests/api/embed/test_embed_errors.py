"""Every error of an address under /embed/ is the widget's own small page with the
widget's headers (partners may frame it), never the site's page with its menu: a bad
parameter, a NUL character, a foreign charset (400), an unknown address (404), another
method (405). And every address under /api/ answers a NUL character in JSON."""

import pytest
from django.urls import get_resolver

pytestmark = pytest.mark.django_db

EMBED_URLS = ["/embed/alliances/", "/embed/alliances.js", "/embed/frame.js", "/embed/theme.css"]
SITE_MENU = 'class="site-nav'


def _assert_widget_error(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("text/html")
    assert "X-Frame-Options" not in response.headers
    assert "frame-ancestors https://verein.example.org" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert SITE_MENU not in html and "<nav" not in html
    assert '<html lang="de">' in html


@pytest.fixture(autouse=True)
def partners(settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://verein.example.org"]


def test_the_embed_urls_are_walked():
    patterns = {str(p.pattern) for p in get_resolver().url_patterns if "embed" in str(p.pattern)}
    routes = {
        f"/{p.pattern}"
        for r in get_resolver().url_patterns
        if getattr(r, "namespace", None) == "embed"
        for p in r.url_patterns
    }
    assert routes == set(EMBED_URLS), (patterns, routes)


@pytest.mark.parametrize("url", EMBED_URLS)
def test_a_nul_character_is_the_widgets_400(client, url):
    _assert_widget_error(client.get(f"{url}?district=%00"), 400)
    _assert_widget_error(client.get(f"{url}?%00=1"), 400)


@pytest.mark.parametrize("url", EMBED_URLS)
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_another_method_is_the_widgets_405(client, url, method):
    response = getattr(client, method)(url)
    _assert_widget_error(response, 405)
    assert response["Allow"] == "GET, HEAD"


def test_a_foreign_charset_is_the_widgets_400(client):
    response = client.post(
        "/embed/alliances/",
        "a=%e9",
        content_type="application/x-www-form-urlencoded; charset=latin-1",
    )
    _assert_widget_error(response, 400)


@pytest.mark.parametrize(
    "path", ["/embed/", "/embed/nichts/", "/embed/alliances/x/", "/embed/%00/"]
)
def test_an_unknown_address_is_the_widgets_404_or_400(client, path):
    response = client.get(path)
    _assert_widget_error(response, 400 if "%00" in path else 404)


def test_a_bad_parameter_is_the_widgets_400(client):
    _assert_widget_error(client.get("/embed/alliances/?district=atlantis"), 400)


def _api_paths() -> list[str]:
    from django.urls import URLPattern, URLResolver

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield "/" + route

    return sorted({p for p in walk(get_resolver().url_patterns, "") if p.startswith("/api/")})


def test_every_api_address_answers_a_nul_character_in_json(client):
    paths = _api_paths()
    assert len(paths) > 10
    for path in paths:
        concrete = path.replace("<str:slug>", "x").split("(?P")[0].split("<")[0] or "/api/"
        for url in (f"{concrete}?q=%00", f"{concrete}%00/"):
            response = client.get(url)
            assert response.status_code == 400, url
            assert response["Content-Type"] == "application/json", url
            body = response.json()
            assert body["status"] == 400 and body["title"] == "Ungültige Anfrage", url
            if "?" in url:  # a parameter: named in `errors`, as every parameter's 400
                assert body["detail"] == "Bitte prüfen Sie die unter „errors“ genannten Parameter."
                assert body["errors"] == {
                    "q": ["Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe."]
                }, url
            else:  # the address itself: no parameter to name
                assert (
                    body["detail"] == "Bitte entfernen Sie das Nullzeichen (NUL) aus Ihrer Eingabe."
                ), url
                assert "errors" not in body, url
