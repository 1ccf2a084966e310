"""Point 9, the pages people reach from a mail or a survey: the sign-up confirmation (valid
and broken link, before and after confirming), the withdrawal page (valid and broken, before
and after), the alert confirmation (valid, broken, confirmed) and its "please confirm" page,
a broken invitation link, and a capture form (Wagtail's form builder) with its
errors; at 1280 and 375 px, light and dark: no WCAG 2.1 A/AA violation, no sideways
scrolling, no CSP violation. The main pages and forms: tests/site/test_browser.py."""

import pytest
from django.utils import timezone

from alliances.models import AlliancePage
from api.alerts.services import alert_subscribe
from api.alerts.tokens import confirm_token
from api.handins.models import InterestSignup
from api.handins.tokens import interest_token
from cms.withdrawal import token_for
from tests.factories import DistrictFactory, make_survey
from tests.factories.api import make_public
from tests.site.test_browser import VIEWS, _check, browser  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def links(live_site):
    neheim = DistrictFactory(slug="neheim", name="Neheim")
    alliance = make_public(AlliancePage, title="Lesepaten Neheim", stage="active")
    survey = make_survey(required=3)  # the district too: its errors include a select

    def signup_link(number: int) -> str:
        signup = InterestSignup.objects.create(
            alliance=alliance,
            name=f"Jan {number}",
            email=f"jan{number}@privat.example.org",
            consent_at=timezone.now(),
        )
        return f"/interest/confirm/{interest_token(signup=signup)}/"

    def alert_link(number: int) -> str:
        subscription = alert_subscribe(email=f"ann{number}@privat.example.org", districts=[neheim])
        return (
            f"/mitmachen/benachrichtigungen/bestaetigen/{confirm_token(subscription=subscription)}/"
        )

    return {
        "url": live_site,
        "signup_link": signup_link,
        "alert_link": alert_link,
        "survey": survey.url,
    }


def _console(page) -> list:
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def test_pages_reached_from_a_mail_or_a_survey_are_accessible_and_fit(links, browser):  # noqa: F811
    problems = []
    for number, view in enumerate(VIEWS):
        context = browser.new_context(**view)
        page = context.new_page()
        csp_errors = _console(page)
        base = links["url"]
        withdrawal = f"/widerruf/{token_for(f'jan{number}@privat.example.org')}/"
        for path, status in [
            (links["signup_link"](number), 200),
            ("/interest/confirm/kaputt/", 400),
            (links["alert_link"](number), 200),
            ("/mitmachen/benachrichtigungen/bestaetigen/kaputt/", 400),
            ("/mitmachen/benachrichtigungen/danke/", 200),
            (withdrawal, 200),
            ("/widerruf/kaputt/", 400),
            ("/einladung/kaputt/", 400),
            (links["survey"], 200),
        ]:
            response = page.goto(base + path)
            assert response.status == status, path
            problems += _check(page, path, view, csp_errors)
        # Each form's second state: confirmed, withdrawn, the survey's errors.
        page.goto(base + links["signup_link"](number + 10))
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("text=ist bestätigt")
        problems += _check(page, "sign-up confirmed", view, csp_errors)
        page.goto(base + links["alert_link"](number + 10))
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("text=Benachrichtigungen sind eingeschaltet")
        problems += _check(page, "alerts confirmed", view, csp_errors)
        page.goto(base + withdrawal)
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        problems += _check(page, "withdrawn", view, csp_errors)
        page.goto(base + links["survey"])
        page.locator("main button[type=submit]").click()
        page.wait_for_selector("[aria-invalid=true]")
        problems += _check(page, "survey (errors)", view, csp_errors)
        context.close()
    assert problems == []
