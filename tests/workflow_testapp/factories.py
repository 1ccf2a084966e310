"""Tickets and users for the engine's tests, without the domain's factories."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Site

from tests.workflow_testapp.models import Ticket
from workflows.models import RUN_PERMISSION

# Groups that are not the domain's: the engine knows none.
RUNNERS = "Bearbeitung"
EDITORS = "Schreiben"
ADMIN_ACCESS = "wagtailadmin.access_admin"
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def make_ticket(*, publish=True, **fields) -> Ticket:
    """A ticket under the home page, created and published the Wagtail way."""
    fields.setdefault("title", f"Vorgang {Ticket.objects.count() + 1}")
    fields.setdefault("live", publish)
    ticket = Ticket(**fields)
    Site.objects.get(is_default_site=True).root_page.add_child(instance=ticket)
    revision = ticket.save_revision()
    if publish:
        revision.publish()
        ticket.refresh_from_db()
    return ticket


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _group(name: str, *permissions: str) -> Group:
    """A group with these permissions, admin access and page permissions on the home page."""
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.add(_permission(ADMIN_ACCESS), *map(_permission, permissions))
        home = Site.objects.get(is_default_site=True).root_page
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.create(
                group=group, page=home, permission=_permission(f"wagtailcore.{codename}")
            )
    return group


def runners_group() -> Group:
    """Edits pages and holds the engine's run permission."""
    return _group(RUNNERS, RUN_PERMISSION)


def editors_group() -> Group:
    """Edits pages, without the run permission."""
    return _group(EDITORS)


def make_user(username: str, *, runs=False, edits=False, groups=(), **fields):
    """A user; `runs`: edits pages and holds RUN_PERMISSION; `edits`: edits pages only."""
    user = get_user_model().objects.create_user(
        username, email=f"{username}@example.org", password="pw", **fields
    )
    if runs:
        user.groups.add(runners_group())
    if edits:
        user.groups.add(editors_group())
    user.groups.add(*groups)
    return user
