"""Every admin URL that answers with a listing (a Wagtail BaseListingView, however the
admin reaches it) checks its request (cms/listings.py). As the tester found them: page and
snippet histories, redirects, form pages and their entries, workflows and tasks showed
every row for `?user=quatsch` or `?timestamp_from=junk`, took the last of a filter, a
search, a page number or a download format given twice, read `p=٢` as page 2, and
answered `?export=xlsx` with the page where they have no download. An unknown sort order
(`?ordering=zzz`) or layout (`?layout=zzz`) was the default, even for a download; a
refusal said "the filters" also where no filter was at fault."""

import inspect
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import URLResolver, get_resolver, reverse
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.contrib.forms.models import FormSubmission
from wagtail.contrib.forms.views import get_submissions_list_view
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from alliances.models import Standard
from cms.form_input import parameter_names
from cms.listings import CheckedListingMixin
from tests.cms.listing_queries import (
    DETAILS_NOT_VALID,
    FILTERS_NOT_VALID,
    GIVEN_TWICE,
    JUNK,
    invalid_query,
)
from tests.cms.test_checked_listings import rows  # noqa: F401  a row in every listing
from tests.factories import UserFactory, make_survey

pytestmark = pytest.mark.django_db

PAGE_TWICE = "Die Seitenzahl wurde mehrfach angegeben."
PAGE_DIGITS = "Bitte geben Sie die Seitenzahl mit den Ziffern 0 bis 9 an."
SEARCH_TWICE = "Der Suchbegriff wurde mehrfach angegeben."
ORDERING_UNKNOWN = "Eine Sortierung „zzz“ gibt es in dieser Liste nicht."
ORDERING_TWICE = "Die Sortierung wurde mehrfach angegeben."
LAYOUT_UNKNOWN = "Eine Ansicht „zzz“ gibt es nicht."
FORMAT_TWICE = "Es wurde keine Datei erstellt: Das Format wurde mehrfach angegeben."
NO_DOWNLOAD = "Es wurde keine Datei erstellt: Diese Liste lässt sich nicht herunterladen."

ROUTE_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")

# Listings the project's permission policies refuse to administrators too.
REFUSED_TO_EVERYONE = (
    "/admin/mail_outbox/history/",
    "/admin/mail_outbox/history-results/",
    "/admin/mail_outbox/usage/",
    "/admin/locked_logins/usage/",
    "/admin/interestsignup/usage/",
)

# The admin's function views (no view class): none is a listing, except those that hand
# on to one (the page-type router, a form page's entries), which `_listing_view` follows.
# A new function view must be named here, or followed there, so that no listing escapes.
FUNCTION_VIEWS = {
    "alliances.admin_views.guide_view",
    "alliances.admin_views.item_service_create_view",
    "alliances.board.board_bulk_view",
    "alliances.board.board_view",
    "alliances.import_admin.preview_view",
    "alliances.import_admin.progress_view",
    "alliances.import_admin.template_view",
    "alliances.import_admin.upload_view",
    "alliances.opendata.admin_views.open_data_request_view",
    "alliances.opendata.admin_views.open_data_view",
    "alliances.privacy_views.person_erase_view",
    "alliances.privacy_views.person_export_view",
    "alliances.privacy_views.privacy_overview_view",
    "api.embed.admin_views.embed_builder",
    "api.handins.admin_views.invite",
    "rest_framework.views.APIView.dispatch",
    "wagtail.admin.views.bulk_action.dispatcher.index",
    "wagtail.admin.views.collection_privacy.set_privacy",
    "wagtail.admin.views.editing_sessions.ping",
    "wagtail.admin.views.editing_sessions.release",
    "wagtail.admin.views.home.default",
    "wagtail.admin.views.home.error_test",
    "wagtail.admin.views.home.sprite",
    "wagtail.admin.views.i18n.localized_js_catalog",
    "wagtail.admin.views.pages.revisions.revisions_index",
    "wagtail.admin.views.tags.autocomplete",
    "wagtail.admin.views.workflows.enable_task",
    "wagtail.admin.views.workflows.enable_workflow",
    "wagtail.admin.views.workflows.remove_workflow",
    "wagtail.admin.views.workflows.select_task_type",
    "wagtail.admin.views.workflows.task_chosen",
    "wagtail.contrib.redirects.views.process_import",
    "wagtail.contrib.redirects.views.start_import",
    "wagtail.contrib.settings.views.redirect_to_relevant_instance",
    "wagtail.embeds.views.chooser.chooser",
    "wagtail.embeds.views.chooser.chooser_upload",
    "wagtail.images.views.images.preview",
    "workflows.views.assignee_view",
    "workflows.views.diagrams_view",
    "workflows.views.transition_view",
}


def _patterns(patterns=None, prefix="/"):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def _listing_view(callback, form_page):
    """The view function of a listing that `callback` answers with, or None."""
    function = inspect.unwrap(callback)
    if function is get_submissions_list_view:
        return form_page.get_submissions_list_view_class().as_view()
    if function.__name__ == "view_router":  # Wagtail's page-type router: the base viewset's
        view_name = inspect.getclosurevars(function).nonlocals["view_name"]
        return _listing_view(base_page_viewset.get_view_by_name(view_name), form_page)
    view_class = getattr(callback, "view_class", None)
    if view_class is None:
        name = f"{function.__module__}.{function.__qualname__}"
        assert name in FUNCTION_VIEWS, f"{name}: a listing? Follow it in _listing_view."
        return None
    return callback if issubclass(view_class, BaseListingView) else None


@pytest.fixture
def objects(rows):  # noqa: F811
    """A row in every listing, and an object for every listing of one object's history
    or usage."""
    form_page = make_survey()
    FormSubmission.objects.create(page=form_page, form_data={"was_fehlt": "Bank"})
    user = UserFactory(username="rita", groups=["Redaktion"])
    for page in (form_page, Page.objects.get(depth=2)):
        log(instance=page, action="wagtail.edit", user=user)
    Redirect.objects.create(old_path="/alt", redirect_link="/neu")
    Document.objects.create(title="Satzung")
    Image.objects.create(title="Logo", file=get_test_image_file())
    workflow = Workflow.objects.create(name="Freigabe")
    task = GroupApprovalTask.objects.create(name="Redaktion prüft")
    task.groups.set(Group.objects.filter(name="Redaktion"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=form_page)
    log(instance=Standard.objects.first(), action="wagtail.edit", user=user)  # a snippet
    for group in Group.objects.all():
        log(instance=group, action="wagtail.edit", user=user)
    return {"form_page": form_page, "user": user}


def _kwargs(route: str, view, objects) -> dict:
    """A value for each of the route's parameters: a real object's."""
    form_page = objects["form_page"]
    kwargs = {}
    for name in ("page_id", "parent_page_id"):
        if f":{name}>" in route:
            kwargs[name] = form_page.pk
    if "<slug:content_type_app_name>" in route:
        kwargs["content_type_app_name"] = form_page._meta.app_label
        kwargs["content_type_model_name"] = form_page._meta.model_name
    for name, model in (("document_id", Document), ("image_id", Image)):
        if f":{name}>" in route:
            kwargs[name] = model.objects.get().pk
    if ":pk>" in route:
        if "/workflows/usage/" in route:  # its rows are pages, its object a workflow
            model = Workflow
        else:
            model = view.view_initkwargs.get("model") or view.view_class.model
        instance = model._default_manager.order_by("pk").first()
        assert instance is not None, f"{route}: the fixture needs a row of {model}"
        kwargs["pk"] = instance.pk
    return kwargs


def _url(route: str, kwargs: dict) -> str:
    return ROUTE_PARAMETER.sub(lambda match: str(kwargs[match[1]]), route)


def _listings(objects) -> list[tuple[str, object]]:
    """(URL, view function) of every admin route that answers with a listing."""
    found = []
    for route, pattern in _patterns():
        if not route.startswith("/admin/"):
            continue
        view = _listing_view(pattern.callback, objects["form_page"])
        if view is not None:
            found.append((_url(route, _kwargs(route, view, objects)), view))
    return found


def _single_valued(listing) -> list[str]:
    """The parameters of the listing's filters that take one value."""
    fields = listing.filters.form.fields.items() if listing.filters else ()
    return [
        parameter_names(name, field)[0]
        for name, field in fields
        if not getattr(field.widget, "allow_multiple_selected", False)
    ]


def _rows(response) -> list:
    return list(response.context["object_list"])


def _assert_refused(response, results_only: bool, text: str, where, kind=FILTERS_NOT_VALID):
    """No rows, the error in the rows' place, 400 for the page (a fragment: 200, which
    Wagtail's script swaps in); `kind`: what the refusal says is at fault."""
    assert response.status_code == (200 if results_only else 400), where
    assert _rows(response) == [], where
    assert kind in response.text, where
    other = DETAILS_NOT_VALID if kind == FILTERS_NOT_VALID else FILTERS_NOT_VALID
    assert other not in response.text, where
    assert text in response.text, where


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="ada.admin", is_superuser=True, is_staff=True))
    return client


def test_every_admin_listing_checks_its_request(admin_client, objects, settings):
    settings.WAGTAILSNIPPETS_MENU_SHOW_ALL = True  # the snippets' overview lists them
    listings = _listings(objects)
    with_rows = set()
    for url, _view in listings:
        page = admin_client.get(url)
        if url.startswith(REFUSED_TO_EVERYONE):  # read-only policies: no history or usage
            assert page.status_code == 302, url
            assert page["Location"] == reverse("wagtailadmin_home"), url
            continue
        assert page.status_code == 200, url
        listing = page.context["view"]
        results_only = listing.results_only
        assert isinstance(listing, CheckedListingMixin), url
        if _rows(page):
            with_rows.add(url)

        for query, text in (
            ("p=1&p=1", PAGE_TWICE),
            ("p=٢", PAGE_DIGITS),
            ("ordering=zzz", ORDERING_UNKNOWN),
            ("ordering=zzz&ordering=zzz", ORDERING_TWICE),
        ):
            response = admin_client.get(f"{url}?{query}")
            _assert_refused(response, results_only, text, (url, query), DETAILS_NOT_VALID)
        for ordering in list(listing.get_valid_orderings())[:2]:  # offered ones are taken
            assert admin_client.get(url, {"ordering": ordering}).status_code == 200, url
        if "layout" in dir(type(listing)):
            response = admin_client.get(url, {"layout": "zzz"})
            _assert_refused(response, results_only, LAYOUT_UNKNOWN, url, DETAILS_NOT_VALID)
        query = invalid_query(listing)
        if query is not None:
            _assert_refused(admin_client.get(url, query), results_only, "", (url, query))
        for name in _single_valued(listing)[:1]:
            twice = f"{name}={JUNK}&{name}={JUNK}"
            _assert_refused(admin_client.get(f"{url}?{twice}"), results_only, GIVEN_TWICE, url)
        if listing.search_form:
            twice = admin_client.get(f"{url}?q=Bank&q=Logo")
            _assert_refused(twice, results_only, SEARCH_TWICE, url, DETAILS_NOT_VALID)
        if results_only:
            continue
        both = admin_client.get(f"{url}?export=csv&export=xlsx")
        assert both.status_code == 400, url
        assert "Content-Disposition" not in both, url
        assert FORMAT_TWICE in both.text, url
        for export_format in ("csv", "xlsx"):
            unsorted = admin_client.get(url, {"export": export_format, "ordering": "zzz"})
            assert unsorted.status_code == 400, url
            assert "Content-Disposition" not in unsorted, url
            download = admin_client.get(url, {"export": export_format})
            if download.status_code == 200:
                assert download["Content-Disposition"].startswith("attachment"), url
            else:
                assert download.status_code == 400, url
                assert "Content-Disposition" not in download, url
                assert NO_DOWNLOAD in download.text, url

    urls = {url for url, _view in listings}
    form_page = objects["form_page"]
    group = Group.objects.get(name="Redaktion")
    named = {
        reverse("wagtailadmin_pages:history", args=[form_page.pk]),
        reverse("wagtailadmin_pages:history_results", args=[form_page.pk]),
        reverse("wagtailadmin_reports:site_history"),
        "/admin/redirects/",
        "/admin/redirects/results/",
        "/admin/forms/",
        "/admin/forms/results/",
        f"/admin/forms/submissions/{form_page.pk}/",
        f"/admin/forms/submissions/{form_page.pk}/results/",
        "/admin/workflows/list/",
        "/admin/workflows/tasks/index/",
        "/admin/users/",
        "/admin/groups/",
        f"/admin/groups/history/{group.pk}/",
    }
    assert named <= urls
    assert named <= with_rows
    assert any("/admin/snippets/" in url and "/history/" in url for url in with_rows)
    assert len(urls) >= 100
