"""Admin journeys in headless Chromium (Debian's): the board at 1280 px, a step from the
stage panel, a bulk step, a report export, dates as typed, and the person rules for the
Redaktion."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import sync_playwright

from alliances.models import AgeGroup, AlliancePage, NeedPage, Person
from tests.api.embed.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory, make_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "journey-through-the-admin-2026"


def _user(name, group):
    user = UserFactory(username=name, groups=[group], email=f"{name}@example.org")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(browser, live_server, user):
    page = browser.new_page(locale="de-DE", viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def test_kernteam_journey(live_server):
    kim = _user("kim", "Kernteam")
    need = make_page(NeedPage, title="Spielplatz Hüsten")
    waiting = [make_page(NeedPage, title=f"Bedarf {n}") for n in (1, 2)]
    alliance = make_page(AlliancePage, title="Lesepaten Neheim")
    ids = {"need": need.pk, "waiting": [p.pk for p in waiting], "alliance": alliance.pk}

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = _login(browser, live_server, kim)

        # The board: every column readable at 1280 px, filters in one row.
        page.goto(f"{live_server.url}/admin/kernteam/board/")
        columns = page.locator(".board__column")
        assert columns.count() == 8
        for index in range(columns.count()):
            box = columns.nth(index).bounding_box()
            assert box["x"] + box["width"] <= 1280 and box["width"] >= 100, (index, box)
        tops = {round(f.bounding_box()["y"]) for f in page.locator(".board-filters select").all()}
        assert len(tops) == 1, tops

        # A step from the stage panel: it opens in a new tab, the edit form stays.
        page.goto(f"{live_server.url}/admin/pages/{ids['need']}/edit/")
        with page.context.expect_page() as tab:
            page.get_by_role("link", name="Analyse beginnen").click()
        step = tab.value
        step.wait_for_load_state()
        step.select_option("select[name=assignee]", label="kim")
        step.get_by_role("button", name="Analyse beginnen").click()
        step.wait_for_load_state()
        assert "In Analyse" in step.content()

        # A bulk step on the board: two cards, one step, one comment, a result per card.
        page.goto(f"{live_server.url}/admin/kernteam/board/")
        for pk in ids["waiting"]:
            page.check(f'input[name=pages][value="{pk}"]')
        page.select_option("#board-bulk select[name=transition]", label="Zurückstellen")
        page.fill("#board-bulk [name=comment]", "Erst nach den Sommerferien")
        page.click("#board-bulk button[type=submit]")
        page.wait_for_selector(".board-bulk__results")
        assert page.locator('.board-bulk__results tr[data-done="1"]').count() == 2

        # A date typed the ISO way stays as typed (the picker never puts in today).
        page.goto(f"{live_server.url}/admin/pages/{ids['alliance']}/edit/")
        page.fill("input[name=started_on]", "2026-11-18")
        page.locator("input[name=title]").click()
        assert page.input_value("input[name=started_on]") == "2026-11-18"

        # A report export: an XLSX whose sheet has a German name.
        page.goto(f"{live_server.url}/admin/berichte/items-per-stage/")
        with page.expect_download() as download:
            page.locator("a[href*='export=xlsx']").first.click()
        data = download.value.path().read_bytes()
        browser.close()

    assert NeedPage.objects.get(pk=ids["need"]).stage == "in_analysis"
    assert set(NeedPage.objects.filter(pk__in=ids["waiting"]).values_list("stage", flat=True)) == {
        "on_hold"
    }
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title != "Sheet1" and sheet.max_row >= 2


def test_redaktion_records_a_volunteer_without_contact_data(live_server):
    rita = _user("rita", "Redaktion")
    AgeGroup.objects.create(name="Jugendliche", slug="jugendliche", sort_order=2)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = _login(browser, live_server, rita)
        page.goto(f"{live_server.url}/admin/snippets/alliances/person/add/")
        assert page.locator("input[name=email], input[name=phone]").count() == 0
        page.fill("input[name=first_name]", "Lina")
        page.fill("input[name=last_name]", "Neu")
        page.select_option("select[name=age_group]", label="Jugendliche")
        page.check("input[name=public_name_consent]")
        page.fill("input[name=public_name_consent_on]", "18.11.26")
        page.locator("input[name=last_name]").click()
        page.get_by_role("button", name="Speichern", exact=True).first.click()
        page.wait_for_url("**/admin/snippets/alliances/person/")
        browser.close()
    person = Person.objects.get(last_name="Neu")
    assert str(person.public_name_consent_on) == "2026-11-18"
    assert person.email == "" and person.age_group.name == "Jugendliche"
