"""Every outward channel, as a registry: the leak matrix asks each of them.

A channel is a function `(client, case) -> str` returning what the public gets there
(page text, JSON, file contents) for the case's page. Add a channel with one decorated
function (the site's search, sitemap and public forms are here).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.test import Client

from alliances.models import (
    AllianceIndexPage,
    AlliancePage,
    ImpactPage,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    ServiceIndexPage,
    ServicePage,
)

RESOURCE = {
    AlliancePage: "alliances",
    ServicePage: "services",
    NeedPage: "needs",
    OpportunityPage: "opportunities",
}
INDEX = {
    AlliancePage: AllianceIndexPage,
    ServicePage: ServiceIndexPage,
    NeedPage: NeedIndexPage,
    OpportunityPage: OpportunityIndexPage,
}


@dataclass(frozen=True)
class Channel:
    name: str
    fetch: Callable  # (client, case) -> str
    models: tuple = tuple(RESOURCE)  # the page types the channel can show at all


CHANNELS: dict[str, Channel] = {}


def channel(name: str, *, models: tuple = tuple(RESOURCE)):
    def register(fetch):
        CHANNELS[name] = Channel(name, fetch, models)
        return fetch

    return register


def _get(client: Client, url: str, **headers) -> str:
    return client.get(url, **headers).content.decode()


@channel("site page")
def site_page(client, case):
    return _get(client, case.url)


@channel("index page")
def index_page(client, case):
    return _get(client, INDEX[case.model].objects.get().url)


@channel("home page", models=(AlliancePage,))
def home_page(client, case):
    return _get(client, "/")


@channel("Wirkung page", models=(AlliancePage,))
def impact_page(client, case):
    return _get(client, ImpactPage.objects.get().url)


def _api(path: str, language: str):
    def fetch(client, case):
        url = path.format(resource=RESOURCE[case.model], slug=case.slug)
        return _get(client, url, HTTP_ACCEPT_LANGUAGE=language)

    return fetch


for _language in ("de", "en"):
    channel(f"API list ({_language})")(_api("/api/v1/{resource}/?stage=all", _language))
    channel(f"API detail ({_language})")(_api("/api/v1/{resource}/{slug}/", _language))


@channel("site search")
def site_search(client, case):
    return _get(client, f"/suche/?q={case.title.split()[0]}")


@channel("index page search")
def index_search(client, case):
    return _get(client, f"{INDEX[case.model].objects.get().url}?q={case.title.split()[0]}")


@channel("Mitmachen page", models=(AlliancePage,))
def join_in_page(client, case):
    return _get(client, "/mitmachen/")


@channel("sign-up form page", models=(AlliancePage,))
def sign_up_page(client, case):
    return _get(client, f"/mitmachen/allianz/{case.slug}/") + _get(
        client, f"/mitmachen/allianz/{case.slug}/danke/"
    )


@channel("district overview", models=(AlliancePage, NeedPage))
def district_overview(client, case):
    """The overview shows figures, not titles: the case's page is put in a district of its
    own, and the channel "shows" it while that district's figure counts it."""
    import re

    from alliances.models import District

    district, _created = District.objects.get_or_create(slug="leak", defaults={"name": "Leck"})
    field = case.model._meta.get_field("districts")
    if case.model.objects.filter(pk=case.page_id).exists():  # written as a link row: a save
        field.remote_field.through.objects.get_or_create(  # would change the case's page
            **{f"{field.m2m_field_name()}_id": case.page_id, "district": district}
        )
    column = 1 if case.model is NeedPage else 2
    text = _get(client, "/stadtteile/")
    row = re.search(r'<tr id="district-leak">(.*?)</tr>', text, re.S)
    figures = re.findall(r">(\d+)</a></td>", row.group(1)) if row else []
    counted = len(figures) == 2 and int(figures[column - 1]) > 0
    return text + (case.title if counted else "")


@channel("sitemap.xml")
def sitemap(client, case):
    """The index and every file it names (the addresses are in the files)."""
    import re

    index = _get(client, "/sitemap.xml")
    files = re.findall(r"<loc>https?://[^/<]+(/sitemap-[^<]+)</loc>", index)
    assert files, index
    return index + "".join(_get(client, path.replace("&amp;", "&")) for path in files)


@channel("embed", models=(AlliancePage,))
def embed(client, case):
    return _get(client, "/embed/alliances/?lang=de&theme=light&links=top&limit=50")


@channel("open data files")
def open_data(client, case):
    from alliances.opendata.services import open_data_dir, open_data_generate

    open_data_generate()
    return "\n".join(
        path.read_text() for path in sorted(open_data_dir().iterdir()) if path.suffix != ".zip"
    )


@channel("rich-text link on the site")
def linking_site_page(client, case):
    return _get(client, case.linking.url)


@channel("rich-text link in the API")
def linking_api_detail(client, case):
    return _get(client, f"/api/v1/alliances/{case.linking.slug}/")


@channel("webhook payloads")
def webhook_payloads(client, case):
    """Content events about the page sent since the case began (retractions carry no
    content: only id and slug)."""
    import json

    from api.webhooks.models import WebhookDelivery
    from api.webhooks.tasks import deliver_due

    deliver_due()
    rows = WebhookDelivery.objects.filter(page_id=case.page_id).exclude(
        event_type__endswith=".unpublished"
    )
    if case.before_change is not None:
        rows = rows.exclude(pk__in=case.before_change)
    return "\n".join(json.dumps(row.payload, ensure_ascii=False) for row in rows)


# --- issue 16: what alliances look for ("Wir suchen") ---------------------------------------


def _wanted_marker(case):
    """A competence only the case's alliance still looks for (through a service of its
    own, written as link rows: a save would change the case's page). The channels below
    show entry names and counts, never a title: they "show" the page while its marker is
    listed."""
    from alliances.models import (
        AllianceServiceLink,
        Competence,
        ServicePage,
        ServiceRequirement,
    )
    from tests.factories import make_page

    competence, _created = Competence.objects.get_or_create(
        slug=f"leck-{case.page_id}", defaults={"name": f"Leckprobe {case.page_id}"}
    )
    if AlliancePage.objects.filter(pk=case.page_id).exists():
        service = ServicePage.objects.filter(slug="leck-leistung").first() or make_page(
            ServicePage, title="Leck-Leistung", slug="leck-leistung"
        )
        ServiceRequirement.objects.get_or_create(service=service, competence=competence)
        AllianceServiceLink.objects.get_or_create(alliance_id=case.page_id, service=service)
    return competence


def _marked(text: str, marker: str, case) -> str:
    return text + (case.title if marker in text else "")


@channel("embed: Wir suchen", models=(AlliancePage,))
def embed_wanted(client, case):
    competence = _wanted_marker(case)
    text = _get(client, "/embed/alliances/?view=wanted&limit=50")
    return _marked(text, competence.name, case)


@channel("site page: Wir suchen block", models=(AlliancePage,))
def site_wanted_block(client, case):
    competence = _wanted_marker(case)
    text = _get(client, case.url)
    block = (
        text.split('id="wanted-heading"', 1)[1].split("</ul>", 1)[0]
        if "wanted-heading" in text
        else ""
    )
    return _marked(block, competence.name, case)


@channel("API wanted_competence filter", models=(AlliancePage,))
def api_wanted_filter(client, case):
    competence = _wanted_marker(case)
    return _get(client, f"/api/v1/alliances/?stage=all&wanted_competence={competence.slug}")


@channel("API wanted block", models=(AlliancePage,))
def api_wanted_block(client, case):
    """The detail's `wanted` of every public alliance in the list (none may be the case's)."""
    import json

    competence = _wanted_marker(case)
    wanted = []
    for alliance in json.loads(_get(client, "/api/v1/alliances/?stage=all"))["results"]:
        detail = json.loads(_get(client, f"/api/v1/alliances/{alliance['slug']}/"))
        wanted += [entry["name"] for entry in detail.get("wanted", [])]
    return _marked("\n".join(wanted), competence.name, case)
