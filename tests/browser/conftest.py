"""Browser tests of the admin: Debian's chromium through Playwright, one browser per module.

The demo (`seed_demo`) gives the data and the three demo logins; the browser's own language is
English, so what reads German does so because the product says it in German.
"""

import os
import re

import pytest
from django.core.cache import caches
from playwright.sync_api import expect, sync_playwright
from wagtail.models import Site

from alliances.demo.seed import DEMO_USERS, seed_demo

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORDS = {username: password for username, password, _group, _super in DEMO_USERS}
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module")
def browser():
    """One chromium per module. Playwright's sync API runs an event loop in the test's thread,
    and the test still reads the database between steps (never during a request of its own):
    Django's async-safety check is lifted while the browser is up, and only then."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(live_server):
    """The demo content and logins, on the live server's origin."""
    seed_demo(with_users=True)
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    for cache in caches.all():
        cache.clear()
    return live_server.url


def log_in(browser, base_url: str, username: str, *, viewport=(1280, 900)):
    """A fresh browser context (English browser locale) logged in as `username`."""
    context = browser.new_context(
        base_url=base_url,
        locale="en-US",
        viewport={"width": viewport[0], "height": viewport[1]},
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    wait_for_admin(page)
    return page


def wait_for_admin(page):
    """Until Wagtail's sidebar (rendered by script, labels from its JS catalogue) is up."""
    page.wait_for_selector("#wagtail-sidebar:not(.sidebar-loading) .sidebar-main-menu__list")
