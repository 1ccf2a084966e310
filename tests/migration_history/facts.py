"""What the migrations leave in a database besides its tables: groups, their permissions,
Wagtail's pages, sites, collections and locales, and Wagtail's moderation workflows.

`facts()` reads them in a form that does not depend on primary keys, so two databases
migrated by different histories compare equal when they hold the same. `python -m
tests.migration_history.facts` prints them as JSON (how `fresh_database_facts.json` was made,
from a database migrated with the history before the squash).
"""

import json
import sys


def _perm(permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def facts() -> dict:
    """The facts as JSON-ready data: lists sorted, pages by tree path."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Locale,
        Page,
        Site,
        Task,
        Workflow,
    )

    return {
        "groups": {
            group.name: sorted(_perm(p) for p in group.permissions.select_related("content_type"))
            for group in Group.objects.order_by("name")
        },
        # SQLite's full-text table is a model of its own (and has permissions) there only.
        "permission_names": sorted(
            [_perm(p), p.name]
            for p in Permission.objects.select_related("content_type").exclude(
                content_type__model="sqliteftsindexentry"
            )
        ),
        "group_page_permissions": sorted(
            [g.group.name, g.page.url_path, _perm(g.permission)]
            for g in GroupPagePermission.objects.select_related(
                "group", "page", "permission__content_type"
            )
        ),
        "group_collection_permissions": sorted(
            [g.group.name, g.collection.name, _perm(g.permission)]
            for g in GroupCollectionPermission.objects.select_related(
                "group", "collection", "permission__content_type"
            )
        ),
        "pages": [
            [
                page.path,
                f"{page.content_type.app_label}.{page.content_type.model}",
                page.title,
                page.slug,
                page.url_path,
                page.live,
                page.locale.language_code,
            ]
            for page in Page.objects.select_related("content_type", "locale").order_by("path")
        ],
        "sites": sorted(
            [s.hostname, s.port, s.site_name, s.root_page.url_path, s.is_default_site]
            for s in Site.objects.select_related("root_page")
        ),
        "collections": [[c.path, c.name] for c in Collection.objects.order_by("path")],
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "moderation_workflows": Workflow.objects.count(),
        "moderation_tasks": Task.objects.count(),
    }


if __name__ == "__main__":
    import django

    django.setup()
    sys.stdout.write(json.dumps(facts(), indent=1, ensure_ascii=False) + "\n")
