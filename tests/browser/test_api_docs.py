"""Point 8 of issue 15: both APIs' documentation pages in Debian's chromium with axe-core, at
1280 and 375 px, light and dark, under the site's own Content Security Policy: no WCAG 2.1
A/AA violation, no CSP error in the console, no sideways scrolling."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    ResourceFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWS = [
    {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    {"viewport": {"width": 375, "height": 740}, "color_scheme": "light"},
    {"viewport": {"width": 375, "height": 740}, "color_scheme": "dark"},
]


@pytest.fixture
def catalogues(db):
    DistrictFactory(slug="neheim", name="Neheim")
    TopicFactory(slug="bildung", name="Bildung")
    AgeGroupFactory(slug="kinder", name="Kinder")
    CompetenceFactory(slug="vorlesen", name="Vorlesen")
    ResourceFactory(slug="lastenrad", name="Lastenrad")


def _problems(browser, url: str, cookies: list) -> list[str]:
    problems = []
    for view in VIEWS:
        context = browser.new_context(**view)
        context.add_cookies(cookies)
        page = context.new_page()
        console = []
        page.on("console", lambda message, seen=console: seen.append(message.text))
        response = page.goto(url)
        assert response.status == 200, url
        # The policy the page was served with is the project's, not a widened one.
        policy = response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy
        result = page.evaluate(AXE + f";axe.run(document, {{runOnly: {WCAG21_AA}}})")
        assert result["passes"], "axe did not run"
        problems += [
            f"{url} {view}: axe {v['id']}: {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]
        ]
        wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            problems.append(f"{url} {view}: scrolls sideways by {wide} px")
        problems += [
            f"{url} {view}: console: {text}"
            for text in console
            if "Content Security Policy" in text or "Refused" in text
        ]
        context.close()
    return problems


def test_the_partner_api_docs_pass_axe_and_the_csp_at_both_widths(live_server, browser, catalogues):
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
    assert _problems(browser, live_server.url + "/api/v1/docs/", []) == []


def test_the_workflow_api_docs_pass_axe_and_the_csp_at_both_widths(
    live_server, browser, catalogues
):
    client = Client()
    client.force_login(UserFactory(username="kim.kernteam", groups=["Kernteam"]))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    session = [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
    assert _problems(browser, live_server.url + "/workflow-api/v1/docs/", session) == []
