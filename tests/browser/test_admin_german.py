"""German everywhere an editor or the Kernteam looks: as each demo login, every entry of the
admin menu (and of its submenus) is opened in a browser whose own language is English, and
no English UI word may be on screen or in what a screen reader reads (titles, labels)."""

import json
import re

import pytest

from alliances.models import AlliancePage, NeedPage
from tests.browser.conftest import log_in, wait_for_admin

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Whole words, case-sensitive, as Wagtail and Django would show them untranslated. Words that
# are German too ("Filter", "Status", "Live", "Tags", "Name") or names are not listed.
ENGLISH_WORDS = [
    "Account",
    "Actions",
    "Add",
    "Back",
    "Board",
    "Cancel",
    "Choose",
    "Close",
    "Dashboard",
    "Delete",
    "Documents",
    "Download",
    "Draft",
    "Edit",
    "False",
    "Groups",
    "Help",
    "Hide",
    "Home",
    "Images",
    "Loading",
    "Log out",
    "More",
    "Next",
    "No",
    "None",
    "Pages",
    "Password",
    "Previous",
    "Publish",
    "Reports",
    "Save",
    "Search",
    "Select",
    "Settings",
    "Sheet1",
    "Show",
    "Snippets",
    "Sort",
    "Submit",
    "True",
    "Unknown",
    "Updated",
    "Upload",
    "Users",
    "View",
    "Yes",
]
WORDS = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w-])")

# What a person sees and what a screen reader reads out.
SCREEN_TEXT = """() => {
    const parts = [document.title, document.body.innerText];
    const labelled = document.querySelectorAll("[title], [aria-label], [placeholder], [alt]");
    for (const element of labelled) {
        for (const name of ["title", "aria-label", "placeholder", "alt"]) {
            const value = element.getAttribute(name);
            if (value) parts.push(value);
        }
    }
    for (const element of document.querySelectorAll("input[type=submit], input[type=button]")) {
        parts.push(element.value);
    }
    return parts.join("\\n");
}"""


def menu_urls(page) -> list[str]:
    """Every admin URL of the sidebar menu, submenus included (Wagtail's sidebar props)."""
    props = json.loads(page.locator("#wagtail-sidebar-props").text_content())
    urls = []

    def walk(node):
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/admin/") and url not in urls:
                urls.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(props)
    return urls


def english_on(page) -> list[str]:
    return sorted(set(WORDS.findall(page.evaluate(SCREEN_TEXT))))


@pytest.mark.parametrize("username", ["redaktion", "kernteam", "admin"])
def test_every_admin_menu_entry_reads_german(demo, browser, username):
    page = log_in(browser, demo, username)
    urls = menu_urls(page)
    assert len(urls) >= 5, urls  # the crawl has something to crawl
    # Beyond the menu: where editors spend their day (edit views, the person form).
    need = NeedPage.objects.filter(stage="in_analysis").first()
    alliance = AlliancePage.objects.filter(stage="active").first()
    extra = [
        f"/admin/pages/{need.pk}/edit/",
        f"/admin/pages/{alliance.pk}/edit/",
        "/admin/snippets/alliances/person/add/",
        "/admin/account/",
    ]
    found = {}
    for url in [*urls, *extra]:
        response = page.goto(url)
        assert response.ok, (url, response.status)
        wait_for_admin(page)
        words = english_on(page)
        if words:
            found[url] = words
    page.context.close()
    assert not found, f"English on screen for {username}: {found}"


def test_the_login_page_reads_german(demo, browser):
    context = browser.new_context(base_url=demo, locale="en-US")
    page = context.new_page()
    page.goto("/admin/login/")
    page.wait_for_selector("input[name=password]")
    words = english_on(page)
    context.close()
    assert not words
