"""The two editorial groups and what each may do in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Model permissions: (app_label, model, actions)
CATALOGUES = ["district", "topic", "agegroup", "standard", "organisation"]
REDAKTION_MODEL_PERMS = [
    ("wagtailadmin", "admin", ["access"]),
    *[("alliances", model, ["add", "change", "delete", "view"]) for model in CATALOGUES],
    ("alliances", "person", ["view"]),
    ("wagtailimages", "image", ["add", "change", "choose"]),
    ("wagtaildocs", "document", ["add", "change", "choose"]),
]
KERNTEAM_EXTRA_PERMS = [
    ("alliances", "person", ["add", "change", "delete", "view_person_contact"]),
]
PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def _codename(model, action):
    return action if "_" in action else f"{action}_{model}"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    home = Page.objects.filter(depth=2, content_type__app_label="cms").first()
    root_collection = Collection.objects.filter(depth=1).first()
    page_perms = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMS)
    )
    collection_perms = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in COLLECTION_PERMS
    ]

    for name, specs in [
        ("Redaktion", REDAKTION_MODEL_PERMS),
        ("Kernteam", REDAKTION_MODEL_PERMS + KERNTEAM_EXTRA_PERMS),
    ]:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, actions in specs:
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label,
                        codename=_codename(model, action),
                    )
                )
        if home is not None:
            for permission in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=permission
                )
        if root_collection is not None:
            for permission in collection_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0002_index_pages"),
        ("wagtailadmin", "0005_editingsession_is_editing"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
