import os
import time
from types import SimpleNamespace

import pytest
from django.db import connection

from tests.factories import UserFactory


def pytest_configure(config):
    """The live server (browser tests) takes any free port of 127.0.0.1."""
    os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1:0")


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_on_every_connection_object(django_db_setup):
    """Transactional tests restore the migrations' rows from `_test_serialized_contents`,
    which Django keeps on the connection object. Playwright's sync API runs an event loop in
    the test's thread, and inside it `connections` hands out a new object without them: the
    flush after such a test then recreated content types and the next restore was skipped
    or failed. Kept on the class, every connection object of the session has them."""
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents
    yield


@pytest.fixture(autouse=True)
def _each_test_starts_in_the_products_language(settings):
    """A request leaves its language active in the thread, as Django's middleware does: a
    test after an API request in English ran its commands and forms in English."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_site_root_paths_from_an_earlier_test():
    """Wagtail caches the sites' root URLs; a transactional test that changed the Site is
    undone by restoring rows (no save signal), so its cached root URLs would outlive it."""
    from wagtail.models import Site

    Site.clear_site_root_paths_cache()
    yield


@pytest.fixture(autouse=True)
def _rate_limit_windows_do_not_turn_within_a_test(monkeypatch):
    """The rate limits count in fixed windows of the clock (api/throttling.py): a test that
    counts requests up to a limit saw a new window begin half-way when the machine was slow.
    Their clock stands still at 12:00:30 of today (UTC), the middle of a minute's window
    and far from the end of an hour's or a day's."""
    standing = time.time() // 86_400 * 86_400 + 43_230
    monkeypatch.setattr("api.throttling.time", SimpleNamespace(time=lambda: standing))


@pytest.fixture(autouse=True)
def _no_process_state_from_an_earlier_test():
    """What a process keeps of the shared caches in memory (answers, leases of rate limits,
    the generation it vouches for) is forgotten between tests, as the caches are."""
    from api.caching import _UNTIL
    from api.process_cache import PROCESS_CACHE
    from api.throttling import LEASES
    from cms.generation import LOCAL_GENERATION

    for state in (PROCESS_CACHE, LEASES, LOCAL_GENERATION, _UNTIL):
        state.clear() if hasattr(state, "clear") else state.reset()
    yield
    LOCAL_GENERATION.reset()


def pytest_collection_modifyitems(config, items):
    """Deselect (not skip) PostgreSQL-only tests when the suite runs on SQLite.

    .ci/run runs the suite a second time on PostgreSQL, where they run.
    """
    # SQLite-only tests (the online backup API) are deselected the other way round.
    other = "sqlite" if connection.vendor == "postgresql" else "postgres"
    selected, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker(other) else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


@pytest.fixture
def fresh_caches():
    """Every cache empty before the test and after it: no throttle counter or cached answer
    of one test reaches another."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def live_site(live_server):
    """The default site on the live server's origin, so that pages link to it, and every
    cache empty; returns the origin."""
    from django.core.cache import caches
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "127.0.0.1", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    for cache in caches.all():
        cache.clear()
    return live_server.url


@pytest.fixture
def kernteam_user(db):
    return UserFactory(username="kim.kernteam", groups=["Kernteam"])


@pytest.fixture
def redaktion_user(db):
    return UserFactory(username="rita.redaktion", groups=["Redaktion"])


@pytest.fixture
def kernteam_client(client, kernteam_user):
    client.force_login(kernteam_user)
    return client


@pytest.fixture
def redaktion_client(client, redaktion_user):
    client.force_login(redaktion_user)
    return client


def _post_page_form(client, url, *, publish=False, **changes):
    """Post a page's admin form (add or edit) as the browser would, some fields changed."""
    from wagtail.test.utils.form_data import querydict_from_html

    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.setdefault("body-count", "0")  # StreamField inputs are rendered by JavaScript
    for name, value in changes.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        else:
            data[name] = str(value)
    if publish:
        data["action-publish"] = "action-publish"
    return client.post(url, data)


@pytest.fixture
def webhook_receiver(db):
    """A running receiver on 127.0.0.1 and an endpoint subscribed to every event."""
    from api.webhooks.models import Event, WebhookEndpoint
    from tests.api.receiver import Receiver

    receiver = Receiver().start()  # on any free port of 127.0.0.1
    endpoint = WebhookEndpoint.objects.create(
        name="Partner", url=receiver.url, events=list(Event.values)
    )
    receiver.secret = endpoint.secret
    receiver.endpoint = endpoint
    yield receiver
    receiver.stop()


@pytest.fixture
def post_edit_form():
    """Post a page's admin edit form as the browser would, with some fields changed."""
    from django.urls import reverse

    def post(client, page, *, publish=False, **changes):
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        return _post_page_form(client, url, publish=publish, **changes)

    return post


@pytest.fixture
def post_add_form():
    """Post the admin form that creates a page of `model` under `parent`."""
    from django.urls import reverse

    def post(client, model, parent, *, publish=False, **changes):
        url = reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )
        return _post_page_form(client, url, publish=publish, **changes)

    return post


@pytest.fixture
def alliance(db):
    """An active, public alliance that takes sign-ups (a module may define its own)."""
    from datetime import date

    from alliances.models import AlliancePage
    from alliances.stages import AllianceStage
    from tests.factories.api import make_public

    return make_public(
        AlliancePage,
        title="Lesepaten",
        stage=AllianceStage.ACTIVE,
        started_on=date(2025, 3, 14),
        contact_email="lesepaten@allianzen.example.org",
    )
