from django.db import migrations

INDEX_PAGES = [
    ("needindexpage", "Bedarfslagen", "bedarfslagen"),
    ("opportunityindexpage", "Entwicklungschancen", "entwicklungschancen"),
    ("serviceindexpage", "Leistungen", "leistungen"),
    ("allianceindexpage", "Allianzen", "allianzen"),
]


def create_index_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    home = Page.objects.filter(depth=2, content_type__app_label="cms").first()
    if home is None:
        return
    for model_name, title, slug in INDEX_PAGES:
        model = apps.get_model("alliances", model_name)
        if model.objects.exists():
            continue
        content_type, _ = ContentType.objects.get_or_create(app_label="alliances", model=model_name)
        home.numchild += 1
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=f"{home.path}{home.numchild:04d}",
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
        )
    home.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0001_initial"),
        ("cms", "0002_create_homepage"),
    ]

    operations = [migrations.RunPython(create_index_pages, migrations.RunPython.noop)]
