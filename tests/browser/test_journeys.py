"""Journeys through the admin in a real browser, as the people who use it every day.

The Kernteam takes a new need to an active alliance through the stage panel and the board,
runs one bulk step on the board and downloads a report; the Redaktion records a new volunteer
without ever seeing contact data. One browser for the module; each journey logs in once.
"""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from alliances.models import AlliancePage, NeedIndexPage, NeedPage, Person, ServicePage
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NEED = "Betreuung für Kleinkinder in Hüsten"


def _publish(page):
    """Wagtail's "Publish" sits in the footer's dropdown; it submits the edit form."""
    page.locator("button[name='action-publish']").evaluate("button => button.click()")
    _saved(page)


def _saved(page):
    """Until the success message; a form error fails at once, naming what it says."""
    page.wait_for_selector(".messages .success, .messages .error, .error-message")
    errors = page.locator(".messages .error, .error-message").all_inner_texts()
    assert not errors, errors


def _run_step_from_panel(page, edit_url: str, name: str, **select):
    """Open the step `name` from the stage panel of the page at `edit_url` and run it."""
    page.goto(edit_url)
    href = page.locator(f'.workflow-stage__actions a[href*="/{name}/"]').get_attribute("href")
    page.goto(href)
    for field, value in select.items():
        page.select_option(f"select[name={field}]", value)
    page.locator("form:has(input[name=next]) button[type=submit]").click()
    page.wait_for_url(re.compile(re.escape(edit_url)))
    expect(page.locator(".messages .success")).to_be_visible()


def _choose_snippet(page, chooser_id: str):
    page.locator(
        f"#{chooser_id} [data-chooser-action-choose], #{chooser_id} .action-choose"
    ).first.click()
    page.locator(".modal a[data-chooser-modal-choice]").first.click()
    page.wait_for_selector(".modal", state="hidden")


def test_kernteam_takes_a_new_need_to_an_active_alliance(demo, browser):
    page = log_in(browser, demo, "kernteam")

    # A new need, captured in the admin form with its gap assessment and priority.
    index = NeedIndexPage.objects.get()
    page.goto(f"/admin/pages/add/alliances/needpage/{index.pk}/")
    page.fill("#id_title", NEED)
    page.fill("#id_summary", "Es fehlen Betreuungsplätze für unter Dreijährige.")
    page.select_option("#id_priority", "3")
    page.locator("#id_gap_assessments-ADD").click()
    _choose_snippet(page, "id_gap_assessments-0-standard-chooser")
    page.fill("#id_gap_assessments-0-actual_value", "42")
    page.fill("#id_gap_assessments-0-measured_on", "01.03.2026")
    page.fill("#id_gap_assessments-0-source", "Jugendhilfeplanung")
    _publish(page)
    need = NeedPage.objects.get(title=NEED)
    need_url = f"/admin/pages/{need.pk}/edit/"

    # Through the stage panel: analysis, with the Kernteam member as assignee.
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="kernteam")
    _run_step_from_panel(page, need_url, "start_analysis", assignee=str(user.pk))
    _run_step_from_panel(page, need_url, "complete_analysis")

    # "Leistung anlegen" on the need: a draft service already linked to it.
    page.goto(need_url)
    with page.context.expect_page() as new_tab:  # like every step, in a new tab
        page.locator(f'button[formaction$="/items/{need.pk}/service/"]').click()
    page = new_tab.value
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    service_url = re.search(r"/admin/pages/\d+/edit/", page.url).group(0)
    page.fill("#id_offer", "Tagesmütter und -väter betreuen Kinder unter drei Jahren.")
    page.locator("#id_requirements-ADD").click()  # an essential competence of the catalogue
    _choose_snippet(page, "id_requirements-0-competence-chooser")
    page.check("#id_requirements-0-essential")
    _publish(page)
    _run_step_from_panel(page, service_url, "define")
    service = ServicePage.objects.get(pk=int(service_url.split("/")[-3]))
    assert service.stage == "defined"

    # On the board: the need's services are committed.
    page.goto("/admin/kernteam/board/?tab=items")
    card = page.locator(f'article[data-page="{need.pk}"]')
    card.locator('form[action*="/commit_services/"] button').click()
    page.wait_for_selector(f'section[data-stage="alliance_forming"] article[data-page="{need.pk}"]')

    # The forming alliance takes on the service (page chooser), then is activated on the board.
    alliance = AlliancePage.objects.get(title="Mobil in Voßwinkel")
    page.goto(f"/admin/pages/{alliance.pk}/edit/")
    page.locator("#id_service_links-ADD").click()
    total = int(page.locator("#id_service_links-TOTAL_FORMS").input_value())
    chooser = page.locator(f"#id_service_links-{total - 1}-service-chooser")
    chooser.locator("[data-chooser-action-choose]").first.click()
    page.locator(".modal input[name=q]").fill(service.title)
    page.locator(".modal a.choose-page", has_text=service.title).first.click()
    page.wait_for_selector(".modal", state="hidden")
    _publish(page)
    page.goto("/admin/kernteam/board/?tab=alliances")
    page.locator(f'article[data-page="{alliance.pk}"] form[action*="/activate/"] button').click()
    page.wait_for_selector(f'section[data-stage="active"] article[data-page="{alliance.pk}"]')

    # The cascade moved the need on, and the board shows it among the active ones.
    page.goto("/admin/kernteam/board/?tab=items")
    page.wait_for_selector(f'section[data-stage="alliance_active"] article[data-page="{need.pk}"]')
    assert NeedPage.objects.get(pk=need.pk).stage == "alliance_active"
    page.context.close()


def test_kernteam_runs_a_bulk_step_and_downloads_a_report(demo, browser):
    page = log_in(browser, demo, "kernteam")
    captured = list(
        NeedPage.objects.filter(stage__in=["captured", "in_analysis"])
        .order_by("pk")
        .values_list("pk", flat=True)[:2]
    )
    assert len(captured) == 2
    page.goto("/admin/kernteam/board/?tab=items")
    for pk in captured:
        page.locator(f'input[name=pages][value="{pk}"]').check()
    page.select_option("#board-bulk select[name=transition]", "decline")
    page.fill("#board-bulk [name=comment]", "Kein Bedarf mehr – Doppelung")
    confirm = page.locator("#board-bulk [name=confirm]")
    if confirm.count():
        confirm.check()
    page.locator("#board-bulk button[type=submit]").click()
    # One result per card, then back on the board both are declined.
    for pk in captured:
        page.wait_for_selector(f'.board-bulk__results tr[data-page="{pk}"][data-done="1"]')
    page.locator("main a.button[href*='/kernteam/board/']").click()
    for pk in captured:
        page.wait_for_selector(f'section[data-stage="declined"] article[data-page="{pk}"]')
    assert set(NeedPage.objects.filter(pk__in=captured).values_list("stage", flat=True)) == {
        "declined"
    }

    # A report, downloaded as XLSX and opened: German sheet name and headings, the rows.
    page.goto("/admin/berichte/items-per-stage/")
    page.locator("header [data-w-dropdown-target=toggle]").first.click()  # "more" actions
    with page.expect_download() as download_info:
        page.locator("a[href*='export=xlsx']").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True)
    sheet = workbook.worksheets[0]
    assert sheet.title != "Sheet1"
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) >= 2 and all(isinstance(cell, str) for cell in rows[0] if cell)
    page.context.close()


def test_redaktion_records_a_volunteer_without_contact_data(demo, browser):
    page = log_in(browser, demo, "redaktion")
    page.goto("/admin/snippets/alliances/person/add/")
    form = page.locator("form[method=post]:has(#id_first_name)")
    field_names = form.evaluate(
        "form => [...form.elements].map((element) => element.name).filter(Boolean)"
    )
    assert "age_group" in field_names and "consents-TOTAL_FORMS" in field_names
    assert not [name for name in field_names if re.search(r"mail|phone|address", name)]
    assert page.locator("input[type=email], input[type=tel]").count() == 0
    page.fill("#id_first_name", "Ilse")
    page.fill("#id_last_name", "Neumann")
    _choose_snippet(page, "id_age_group-chooser")
    page.click("#id_consents-ADD")  # "Einwilligung hinzufügen"
    page.select_option("#id_consents-0-purpose", "public_name")
    page.fill("#id_consents-0-given_at", "18.11.2026 10:30")  # as Germans type dates
    page.select_option("#id_consents-0-given_via", "form")
    form.locator("button[type=submit]").first.click()
    _saved(page)
    person = Person.objects.get(first_name="Ilse", last_name="Neumann")
    assert person.age_group_id and person.public_name == "Ilse Neumann"
    consent = person.consents.get()
    assert (consent.given_via, consent.given_at.date().isoformat()) == ("form", "2026-11-18")
    assert not person.email and not person.phone

    # Its form never shows contact data to the Redaktion either.
    page.goto(f"/admin/snippets/alliances/person/edit/{person.pk}/")
    page.wait_for_selector("#id_first_name")
    assert page.locator("input[type=email], input[type=tel]").count() == 0
    page.context.close()
