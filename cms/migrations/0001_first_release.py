"""The content system's tables, the programme's home page as the default site's root, and
(PostgreSQL) the index for Wagtail's full-text query over title and body.

Squashed for the first release from cms 0001-0007 (see `replaces`); a database that applied
all of them records this one as applied and runs nothing.
"""

import django.db.models.deletion
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def create_homepage(apps, schema_editor):
    """Wagtail's installer leaves a "Welcome" page; the programme's home page replaces it
    and becomes the root of the default site."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("cms.HomePage")

    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    if HomePage.objects.exists():
        return
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="Arnsberger Allianzen",
        draft_title="Arnsberger Allianzen",
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        intro="<p>Gemeinsam für Arnsberg: Bürgerinnen und Bürger aller Generationen, "
        "Unternehmen und Einrichtungen schließen sich zu Arnsberger Allianzen zusammen.</p>",
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page_id": homepage.pk,
            "site_name": "Arnsberger Allianzen",
        },
    )


# PostgreSQL only. The database search backend (cms/search.py) asks `(title || body) @@
# query`; the GIN indexes on each column cannot answer that expression, so every search
# scanned all index entries of the model (`q` on 10,000 alliances: 27 ms, with it 13 ms).
# SQLite has its own FTS table and needs nothing.
SEARCH_INDEX = "cms_search_title_body_gin"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {SEARCH_INDEX} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")


class Migration(migrations.Migration):

    initial = True

    # The history before the first release; a database that applied all of it goes on here.
    replaces = [
        ('cms', '0001_initial'),
        ('cms', '0002_create_homepage'),
        ('cms', '0003_i13_mail_outbox'),
        ('cms', '0004_i17_privacy_and_operations'),
        ('cms', '0005_i15_duty_pages'),
        ('cms', '0006_search_index_for_title_and_body'),
        ('cms', '0007_outbound_mail_delivered_to'),
    ]

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
        ('wagtailsearch', '0010_add_text_fields'),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessibilityStatementPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('conformance', models.CharField(choices=[('full', 'fully compliant'), ('partial', 'partially compliant'), ('none', 'not compliant')], default='partial', max_length=10, verbose_name='Conformance with BITV 2.0')),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
                ('not_accessible', wagtail.fields.RichTextField(blank=True, verbose_name='Content that is not accessible, and why')),
                ('prepared_on', models.DateField(verbose_name='Statement prepared on')),
                ('reviewed_on', models.DateField(blank=True, null=True, verbose_name='Last reviewed on')),
                ('method', models.CharField(default='Selbstbewertung mit automatischen und manuellen Prüfungen', max_length=255, verbose_name='How it was assessed')),
                ('feedback_contact', models.CharField(max_length=255, verbose_name='Feedback: responsible office')),
                ('feedback_email', models.EmailField(max_length=254, verbose_name='Feedback: e-mail')),
                ('feedback_phone', models.CharField(blank=True, max_length=40, verbose_name='Feedback: phone')),
                ('enforcement_body', models.CharField(default='Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen', max_length=255, verbose_name='Enforcement body')),
                ('enforcement_address', models.TextField(default='bei der Landesbeauftragten für Menschen mit Behinderung und für Patientinnen und Patienten in Nordrhein-Westfalen\nFürstenwall 25\n40219 Düsseldorf', verbose_name='Enforcement body: address')),
                ('enforcement_email', models.EmailField(default='ombudsstelle-barrierefreie-it@mags.nrw.de', max_length=254, verbose_name='Enforcement body: e-mail')),
                ('enforcement_url', models.URLField(default='https://www.lbbp.nrw.de/ombudsstelle', verbose_name='Enforcement body: website')),
            ],
            options={
                'verbose_name': 'Accessibility statement',
                'verbose_name_plural': 'Accessibility statements',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='HomePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
                ('body', wagtail.fields.StreamField([('paragraph', 0), ('image', 1), ('voice', 4), ('key_facts', 10)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'label': 'Text', 'template': 'blocks/paragraph.html'}), 1: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image', 'template': 'blocks/image.html'}), 2: ('wagtail.blocks.TextBlock', (), {'label': 'Statement'}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Name the person only with their consent, otherwise e.g. “a volunteer”.', 'label': 'Who says this', 'max_length': 120, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('quote', 2), ('attribution', 3)]], {}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120, 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Value', 'max_length': 40}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 120}), 8: ('wagtail.blocks.StructBlock', [[('value', 6), ('label', 7)]], {}), 9: ('wagtail.blocks.ListBlock', (8,), {'label': 'Facts', 'max_num': 8, 'min_num': 1}), 10: ('wagtail.blocks.StructBlock', [[('heading', 5), ('facts', 9)]], {})}, verbose_name='Content')),
            ],
            options={
                'verbose_name': 'Home page',
                'verbose_name_plural': 'Home pages',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='LegalPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('body', wagtail.fields.RichTextField(blank=True, verbose_name='Text')),
            ],
            options={
                'verbose_name': 'Legal page (imprint, privacy policy)',
                'verbose_name_plural': 'Legal pages',
            },
            bases=('wagtailcore.page',),
        ),
        migrations.CreateModel(
            name='RetentionRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ran_at', models.DateTimeField(db_index=True, verbose_name='Run at')),
                ('key', models.CharField(max_length=60, verbose_name='Place')),
                ('label', models.CharField(max_length=200, verbose_name='What')),
                ('removed', models.PositiveIntegerField(verbose_name='Removed')),
                ('retention_days', models.PositiveIntegerField(null=True, verbose_name='Kept for (days)')),
            ],
            options={
                'verbose_name': 'Retention record',
                'verbose_name_plural': 'Retention records',
                'ordering': ['-ran_at', 'key'],
            },
        ),
        migrations.CreateModel(
            name='SigningKeyCheck',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('token', models.TextField()),
                ('written_at', models.DateTimeField()),
            ],
        ),
        migrations.CreateModel(
            name='WorkerHeartbeat',
            fields=[
                ('name', models.CharField(max_length=40, primary_key=True, serialize=False)),
                ('beat_at', models.DateTimeField()),
                ('host', models.CharField(blank=True, max_length=200)),
                ('pid', models.PositiveIntegerField(null=True)),
            ],
        ),
        migrations.CreateModel(
            name='OutboundMail',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=200, unique=True, verbose_name='Key')),
                ('purpose', models.CharField(choices=[('submission_receipt', 'New hand-in (to the Kernteam)'), ('interest_confirm', 'Double opt-in of a sign-up'), ('interest_coordinator', 'Confirmed sign-up (to the coordinator)'), ('stage_entered', 'Stage changed'), ('assigned', 'Assignment'), ('reminder', 'Reminder'), ('alert', 'Alert')], max_length=40, verbose_name='Purpose')),
                ('to', models.JSONField(verbose_name='Recipients')),
                ('delivered_to', models.JSONField(blank=True, default=list, verbose_name='Delivered to')),
                ('from_email', models.CharField(blank=True, max_length=255, verbose_name='Sender')),
                ('subject', models.CharField(max_length=255, verbose_name='Subject')),
                ('body', models.TextField(verbose_name='Text')),
                ('status', models.CharField(choices=[('pending', 'Waiting to be sent'), ('sent', 'Sent'), ('failed', 'Failed')], default='pending', max_length=16, verbose_name='Status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='Attempts')),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='Next attempt')),
                ('claimed_until', models.DateTimeField(blank=True, null=True, verbose_name='Claimed until')),
                ('last_error', models.CharField(blank=True, max_length=300, verbose_name='Last error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Queued')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='Sent at')),
            ],
            options={
                'verbose_name': 'Outgoing mail',
                'verbose_name_plural': 'Mail outbox',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='cms_outboun_status_2e3157_idx')],
            },
        ),
        migrations.CreateModel(
            name='ProgrammeSettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('contact_email', models.EmailField(default='buergerkommune@arnsberg.de', help_text='A role address, never a personal one.', max_length=254, verbose_name='Contact address')),
                ('footer_text', models.CharField(blank=True, default='Stadt Arnsberg · Bürger-Kommune', max_length=255, verbose_name='Footer')),
                ('accessibility_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Accessibility statement')),
                ('imprint_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Imprint')),
                ('privacy_page', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Privacy policy')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'Programme settings',
            },
        ),
        migrations.RunPython(create_homepage, migrations.RunPython.noop),
        migrations.RunPython(create_search_index, drop_search_index, elidable=False),
    ]
