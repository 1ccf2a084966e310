"""Points 7 and 9: the public site in Debian's chromium with axe-core — every public page
type and both forms with their errors, at 1280 and 375 px, light and dark: no WCAG 2.1
A/AA violation, no sideways scrolling, no CSP violation; and a keyboard-only journey from
the home page to a confirmed sign-up. One browser for the module."""

import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from alliances.demo.duty_pages import seed_duty_pages
from alliances.models import (
    AlliancePage,
    ImpactPage,
    NeedPage,
    OpportunityPage,
    ServicePage,
    ServiceRequirement,
)
from alliances.stages import ItemStage
from api.handins.models import InterestSignup
from cms.models import HomePage, OutboundMail
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    ResourceFactory,
    StandardFactory,
    TopicFactory,
    make_gap,
)
from tests.factories.api import link_item, link_service, make_public

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text()
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWS = [
    {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    {"viewport": {"width": 375, "height": 740}, "color_scheme": "dark"},
    {"viewport": {"width": 375, "height": 740}, "color_scheme": "light"},
    {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API keeps an event loop in this thread for the module; the tests'
    # own ORM calls (data, the outbox) are synchronous and run between browser steps.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_site, settings):
    settings.HANDIN_THROTTLE_RATE = "100/hour"
    seed_duty_pages()
    HomePage.objects.get().add_child(instance=ImpactPage(title="Wirkung", slug="wirkung"))
    neheim = DistrictFactory(slug="neheim", name="Neheim")
    TopicFactory(slug="bildung", name="Bildung")
    AgeGroupFactory(slug="kinder", name="Kinder")
    reading = CompetenceFactory(slug="vorlesen", name="Vorlesen")
    ResourceFactory(slug="lastenrad", name="Lastenrad")
    alliance = make_public(
        AlliancePage,
        title="Lesepaten Neheim",
        stage="active",
        started_on=date(2024, 9, 1),
        contact_email="lesepaten@allianzen.example.org",
    )
    alliance.districts.set([neheim])
    alliance.save_revision().publish()
    service = make_public(ServicePage, title="Vorlesen in Kitas")
    need = make_public(NeedPage, title="Zu wenig Lesezeit", stage=ItemStage.CLOSED)
    NeedPage.objects.filter(pk=need.pk).update(outcome="Jedes Kind hat eine Lesepatin.")
    make_gap(need, StandardFactory(title="Vorlesezeit pro Woche", target_value=Decimal(60),
             unit="min"), actual="20", remeasured_value=Decimal(50),
             remeasured_on=date(2026, 6, 1))  # fmt: skip
    link_item(service, need)
    ServiceRequirement.objects.create(service=service, competence=reading, quantity=2)
    link_service(alliance, service)  # the alliance's page says "Wir suchen: Vorlesen"
    opportunity = make_public(OpportunityPage, title="Leerstand als Treffpunkt")
    return {
        "url": live_site,
        "pages": [
            "/",
            "/allianzen/",
            "/allianzen/?district=neheim&q=Lesepaten",
            alliance.url,
            f"{alliance.url}?bringe=vorlesen",
            "/embed/alliances/?view=wanted&district=neheim",
            "/leistungen/",
            service.url,
            "/bedarfslagen/",
            need.url,
            "/entwicklungschancen/",
            opportunity.url,
            "/wirkung/",
            "/stadtteile/",
            "/suche/?q=Lesepaten",
            "/mitmachen/",
            f"/mitmachen/allianz/{alliance.slug}/",
            "/mitmachen/melden/",
            "/mitmachen/benachrichtigungen/",
            "/impressum/",
            "/barrierefreiheit/",
            "/gibt-es-nicht/",
        ],
        "join": f"/mitmachen/allianz/{alliance.slug}/",
    }


def _check(page, url: str, view: dict, csp_errors: list) -> list[str]:
    """What is wrong with the page as it is loaded now (an empty list: nothing)."""
    problems = []
    result = page.evaluate(AXE + f";axe.run(document, {{runOnly: {WCAG21_AA}}})")
    problems += [
        f"{url} {view}: axe {v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]
    ]
    if not result["passes"]:
        problems.append(f"{url}: axe did not run")
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if wide > 0:
        problems.append(f"{url} {view}: scrolls sideways by {wide} px")
    problems += [f"{url}: {error}" for error in csp_errors]
    csp_errors.clear()
    return problems


def test_every_public_page_and_form_state_is_accessible_and_fits(site, browser):
    problems = []
    for view in VIEWS:
        context = browser.new_context(**view)
        page = context.new_page()
        csp_errors = []
        page.on(
            "console",
            lambda message, errors=csp_errors: (
                errors.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        for path in site["pages"]:
            response = page.goto(site["url"] + path)
            assert response.status in {200, 404}, path
            problems += _check(page, path, view, csp_errors)
        # The forms sent empty: the errors, announced and linked.
        for path, button in [
            (site["join"], "Anmelden"),
            ("/mitmachen/melden/", "Meldung senden"),
            ("/mitmachen/benachrichtigungen/", "Anmelden"),
        ]:
            page.goto(site["url"] + path)
            page.get_by_role("button", name=button).click()
            page.wait_for_selector(".error-summary")
            assert page.title().startswith("Fehler: ")
            assert page.locator("[aria-invalid=true]").count() >= 2
            problems += _check(page, f"{path} (errors)", view, csp_errors)
        context.close()
    assert problems == []


def _tab_to(page, predicate: str, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies `predicate` (a JS expression on `el`)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!({predicate}); }}"):
            return
    raise AssertionError(f"never focused: {predicate}")


def test_keyboard_only_from_the_home_page_to_a_confirmed_sign_up(site, browser):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    page.goto(site["url"] + "/")
    _tab_to(page, "el.textContent.trim() === 'Mitmachen'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/mitmachen/")
    _tab_to(page, "el.textContent.includes('Lesepaten Neheim“ mitmachen')")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + site["join"])
    _tab_to(page, "el.id === 'id_name'")
    page.keyboard.type("Jan Jung")
    page.keyboard.press("Tab")
    page.keyboard.type("jan@privat.example.org")
    _tab_to(page, "el.value === 'vorlesen'")
    page.keyboard.press("Space")
    _tab_to(page, "el.id === 'id_offer'")
    page.keyboard.type("Samstags Zeit")
    _tab_to(page, "el.id === 'id_consent'")
    page.keyboard.press("Space")
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.trim() === 'Anmelden'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/danke/")
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page.content()

    mail = OutboundMail.objects.get(purpose=OutboundMail.Purpose.INTEREST_CONFIRM)
    assert mail.to == ["jan@privat.example.org"]
    link = re.search(r"https?://[^/\s]+(/interest/confirm/\S+/)", mail.body).group(1)
    page.goto(site["url"] + link)  # the link in the mail
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Lesepaten Neheim')")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=ist bestätigt")
    signup = InterestSignup.objects.get()
    assert signup.confirmed_at is not None
    assert "Was ich einbringen kann: Samstags Zeit" in signup.message
    assert [c.slug for c in signup.offered_competences.all()] == ["vorlesen"]
    page.close()
