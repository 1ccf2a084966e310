"""End to end: a partner's plain HTML page embeds the widget, in headless Chromium.

Needs Debian's chromium and npm's axe-core; `make test` installs both.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from alliances.models import AlliancePage, AllianceServiceLink, ServicePage, ServiceRequirement
from alliances.stages import AllianceStage
from tests.factories import CompetenceFactory, DistrictFactory, make_page

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
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"

PARTNER_PAGE = """<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>Heimatverein Neheim</title></head>
<body>
<main>
  <h1>Heimatverein Neheim</h1>
  <p>Allianzen in unserem Stadtteil:</p>
  <script src="{widget}/embed/alliances.js" data-district="neheim" async></script>
  <noscript>
    <iframe src="{widget}/embed/alliances/?district=neheim" title="Arnsberger Allianzen"
            style="width:100%;height:40rem;border:0"></iframe>
  </noscript>
  <p id="after">Ende der Seite.</p>
</main>
</body>
</html>
"""


@pytest.fixture
def neheim_alliances(live_site):
    neheim = DistrictFactory(slug="neheim", name="Neheim")
    other = DistrictFactory(slug="oeventrop", name="Oeventrop")
    pages = []
    for title, district, stage in [
        ("Lesepaten Neheim", neheim, AllianceStage.ACTIVE),
        ("Repair-Café Neheim", neheim, AllianceStage.FORMING),
        ("Seniorentreff Neheim", neheim, AllianceStage.PAUSED),
        ("Wanderfreunde Oeventrop", other, AllianceStage.ACTIVE),
        ("Idee Neheim", neheim, AllianceStage.PROPOSED),
    ]:
        page = make_page(AlliancePage, title=title, stage=stage, summary=f"Über {title}.")
        page.districts.set([district])
        page.save_revision().publish()
        pages.append(page)
    # "Wir suchen" in Neheim: the Repair-Café still needs two people who can solder.
    service = make_page(ServicePage, title="Reparieren")
    soldering = CompetenceFactory(name="Löten", slug="loeten")
    ServiceRequirement.objects.create(service=service, competence=soldering, quantity=2)
    AllianceServiceLink.objects.create(alliance=pages[1], service=service)
    # The browser runs an event loop in this thread: no ORM calls once it is up.
    return {page.title: page.get_full_url() for page in pages}


@pytest.fixture
def partner_site(live_server):
    html = PARTNER_PAGE.format(widget=live_server.url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # any free port
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_partner_pastes_one_script_tag_and_sees_the_alliances_of_neheim(
    live_server, neheim_alliances, partner_site, browser
):
    page = browser.new_page(viewport={"width": 420, "height": 600})
    page.goto(partner_site)
    iframe = page.wait_for_selector("iframe")
    frame = iframe.content_frame()
    frame.wait_for_selector(".aa-card")

    titles = frame.locator(".aa-card h2").all_inner_texts()
    assert titles == ["Lesepaten Neheim", "Repair-Café Neheim", "Seniorentreff Neheim"]

    page.wait_for_function("() => document.querySelector('iframe').style.height.endsWith('px')")
    content_height = frame.evaluate(
        "() => Math.ceil(document.documentElement.getBoundingClientRect().height)"
    )
    frame_height = iframe.bounding_box()["height"]
    assert content_height > 384  # taller than the loader's initial 24rem
    assert abs(frame_height - content_height) <= 1
    assert frame.evaluate("() => document.documentElement.scrollHeight <= innerHeight")

    frame.get_by_role("link", name="Lesepaten Neheim").click()
    page.wait_for_url(neheim_alliances["Lesepaten Neheim"])
    assert "Lesepaten Neheim" in page.content()


def test_the_widget_has_no_accessibility_violations(live_server, neheim_alliances, browser):
    # Only the test's own axe script needs the CSP lifted; the widget itself runs with it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    for query in (
        "district=neheim",
        "district=neheim&theme=dark&lang=en&links=blank",
        "view=wanted&district=neheim",
        "view=wanted&district=oeventrop&theme=dark&links=blank",
    ):
        page.goto(f"{live_server.url}/embed/alliances/?{query}")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
            " 'best-practice']})"
        )
        assert result["violations"] == [], [v["id"] for v in result["violations"]]
        if query.startswith("view=wanted&district=neheim"):
            assert "Löten" in page.content() and "2 Personen gesucht" in page.content()
        assert len(result["passes"]) > 10
    context.close()
