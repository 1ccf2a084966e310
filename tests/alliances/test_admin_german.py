"""German everywhere: headless Chromium crawls every admin menu entry as each group.

It logs in through the login form, follows every entry of the sidebar (submenus
included), the help menu's guide, and fails on any word of a list of English UI words
in the visible text or in what a screen reader reads (aria-label, title, placeholder).
"""

import json
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import sync_playwright

from alliances.models import AlliancePage, NeedPage, Person, ServicePage
from tests.api.embed.test_browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import PersonFactory, UserFactory, make_page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Words an editor must not meet on a German screen (whole words, case-sensitive).
ENGLISH = [
    "Password",
    "Home",
    "True",
    "False",
    "Sheet1",
    "Choose",
    "Search",
    "Edit",
    "Delete",
    "Add",
    "Save",
    "Cancel",
    "Dashboard",
    "Pages",
    "Snippets",
    "Images",
    "Documents",
    "Reports",
    "Help",
    "Settings",
    "Submit",
    "Moderators",
    "Editors",
    "approval",
    "light",
    "dark",
    "Stage",
    "Board",
    "Needs",
    "Services",
    "Alliances",
    "Persons",
    "Workflow",
    "Workflows",
    "Yes",
    "No",
    "None",
    "Unknown",
    "Guide",
    "Editor Guide",
    "Sort",
    "Select",
    "Actions",
    "More",
    "Previous",
    "Next",
    "Published",
    "Draft",
    "Created",
    "Updated",
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")
PASSWORD = "crawl-the-admin-2026"

READ_PAGE = """() => {
  const parts = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],img[alt]')) {
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join('\\n');
}"""


def _menu_urls(html: str) -> list[str]:
    """Every admin URL in the sidebar's data (the sidebar is drawn from it by JavaScript)."""
    match = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)
    assert match, "sidebar data missing"
    urls = set(re.findall(r'"(/admin/[^"]*)"', json.dumps(json.loads(match.group(1)))))
    return sorted(u for u in urls if "logout" not in u and u.endswith("/"))


def _english(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for match in PATTERN.finditer(line):
            found.append(f"{match.group(1)!r} in {line.strip()[:120]!r}")
    return found


@pytest.mark.parametrize("group", ["Redaktion", "Kernteam"])
def test_every_admin_menu_entry_is_german(live_server, group):
    user = UserFactory(username=f"crawl-{group.lower()}", groups=[group])
    user.set_password(PASSWORD)
    user.save()
    assert Group.objects.filter(name=group).exists()
    make_page(NeedPage, title="Spielplatz Hüsten")
    make_page(ServicePage, title="Vorlesen")
    make_page(AlliancePage, title="Lesepaten Neheim")
    PersonFactory(first_name="Erika", last_name="Muster")
    assert Person.objects.exists()

    problems: dict[str, list[str]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="de-DE")
        page.goto(f"{live_server.url}/admin/login/")
        if found := _english(page.evaluate(READ_PAGE)):
            problems["/admin/login/"] = found
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        urls = _menu_urls(page.content())
        assert len(urls) >= 5, urls
        for url in ["/admin/", *urls]:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status < 500, url
            if found := _english(page.evaluate(READ_PAGE)):
                problems[url] = found
        browser.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
