"""The programme's tables, its index pages under the home page, and its two editorial
groups with what each may do; Wagtail's moderation workflow and default groups removed.

Squashed for the first release from alliances 0001-0020 (see `replaces`); a database that
applied all of them records this one as applied and runs nothing. The data operations are
the ones a fresh database needs (those that only converted existing rows are gone).
"""

import alliances.serving
import cms.revisions
import django.db.models.deletion
import django.utils.timezone
import django_fsm
import modelcluster.fields
import modelsearch.index
import wagtail.contrib.forms.models
import wagtail.fields
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


INDEX_PAGES = [
    ("needindexpage", "Bedarfslagen", "bedarfslagen"),
    ("opportunityindexpage", "Entwicklungschancen", "entwicklungschancen"),
    ("serviceindexpage", "Leistungen", "leistungen"),
    ("allianceindexpage", "Allianzen", "allianzen"),
]


def create_index_pages(apps, schema_editor):
    """The four index pages under the home page (cms creates it), in this order."""
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


def _crud(app_label, *models, actions=("add", "change", "delete", "view")):
    return [(app_label, f"{action}_{model}") for model in models for action in actions]


# Model permissions of each group as (app_label, codename). The integration permissions
# (webhooks, sign-ups) `api` grants to whoever holds `workflows.run_transition`.
REDAKTION = [
    ("wagtailadmin", "access_admin"),
    *_crud("alliances", "district", "topic", "agegroup", "standard", "organisation"),
    *_crud("alliances", "person", actions=("add", "change", "view")),
    *_crud("alliances", "competence", "resource", actions=("view",)),
    *_crud("wagtailimages", "image", actions=("add", "change", "choose")),
    *_crud("wagtaildocs", "document", actions=("add", "change", "choose")),
]
KERNTEAM = [
    *REDAKTION,
    ("alliances", "delete_person"),
    ("alliances", "view_person_contact"),
    ("alliances", "view_kernteam_reports"),
    *_crud("alliances", "importrun", actions=("add", "view")),
    *_crud("alliances", "competence", "resource"),
    *_crud("workflows", "transitionrule", "stagerule"),
    ("workflows", "run_transition"),
    ("cms", "view_outboundmail"),
    # Locked admin logins (django-axes): the Kernteam sees them and lifts them by deleting.
    *_crud("axes", "accessattempt", actions=("view", "delete")),
]
GROUPS = {"Redaktion": REDAKTION, "Kernteam": KERNTEAM}
# Both edit and publish the pages under the home page and add images and documents.
PAGE_PERMS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
# Wagtail's own migrations create a "Moderators approval" workflow and these groups. The
# programme publishes by the groups' page permissions and moves items by the Kernteam's
# steps, so the moderation workflow is off (WAGTAIL_WORKFLOW_ENABLED = False) and its data
# and the unused groups go.
WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]


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

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    home = Page.objects.filter(depth=2, content_type__app_label="cms").first()
    root_collection = Collection.objects.filter(depth=1).first()
    page_perms = list(
        Permission.objects.filter(content_type__app_label="wagtailcore", codename__in=PAGE_PERMS)
    )
    collection_perms = [permission(*spec) for spec in COLLECTION_PERMS]
    for name, specs in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(*spec) for spec in specs])
        if home is not None:
            for page_perm in page_perms:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=home, permission=page_perm
                )
        if root_collection is not None:
            for collection_perm in collection_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=collection_perm
                )


def remove_moderation(apps, schema_editor):
    """Wagtail's moderation workflow, its tasks and its default groups (kept if used)."""
    apps.get_model("wagtailcore.TaskState").objects.all().delete()
    apps.get_model("wagtailcore.WorkflowState").objects.all().delete()
    # Deleting workflows removes their WorkflowPage/WorkflowContentType/WorkflowTask rows.
    apps.get_model("wagtailcore.Workflow").objects.all().delete()
    apps.get_model("wagtailcore.Task").objects.all().delete()
    apps.get_model("auth.Group").objects.filter(
        name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True
    ).delete()


class Migration(migrations.Migration):

    initial = True

    # The history before the first release; a database that applied all of it goes on here.
    replaces = [
        ('alliances', '0001_initial'),
        ('alliances', '0002_index_pages'),
        ('alliances', '0003_groups'),
        ('alliances', '0004_capture_form_page'),
        ('alliances', '0004_outcome_and_impact_report'),
        ('alliances', '0005_kernteam_workflow_rules'),
        ('alliances', '0006_capture_form_and_workflow'),
        ('alliances', '0006_impact_reports_voices_and_page'),
        ('alliances', '0007_kernteam_reports_permission'),
        ('alliances', '0008_merge_capture_form_and_reports'),
        ('alliances', '0009_merge_branches'),
        ('alliances', '0010_i13_import_runs'),
        ('alliances', '0011_i14_one_workflow_concept'),
        ('alliances', '0012_i14_constraint_messages'),
        ('alliances', '0013_i14_one_impact_concept'),
        ('alliances', '0014_kernteam_runs_steps'),
        ('alliances', '0015_i16_catalogues'),
        ('alliances', '0016_i16_free_text_to_catalogue'),
        ('alliances', '0017_i16_drop_free_text'),
        ('alliances', '0018_i16_catalogue_permissions'),
        ('alliances', '0019_consent_per_purpose'),
        ('alliances', '0020_kernteam_lifts_login_locks'),
    ]

    dependencies = [
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('cms', '0001_first_release'),
        ('workflows', '0001_first_release'),
        ('wagtailadmin', '0005_editingsession_is_editing'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        ('axes', '0010_accessattemptexpiration'),
    ]

    operations = [
        migrations.CreateModel(
            name='AgeGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='Name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='Slug')),
                ('sort_order', models.PositiveSmallIntegerField(default=0, verbose_name='Order')),
            ],
            options={
                'verbose_name': 'Age group',
                'verbose_name_plural': 'Age groups',
                'ordering': ['sort_order', 'name'],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='AllianceIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
            ],
            options={
                'verbose_name': 'Alliances index',
            },
            bases=(alliances.serving.PublicOnlyMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='CaptureFormPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('to_address', models.CharField(blank=True, help_text='Optional - form submissions will be emailed to these addresses. Separate multiple addresses by comma.', max_length=255, validators=[wagtail.contrib.forms.models.validate_to_address], verbose_name='to address')),
                ('from_address', models.EmailField(blank=True, max_length=255, verbose_name='from address')),
                ('subject', models.CharField(blank=True, max_length=255, verbose_name='subject')),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
                ('thank_you_text', wagtail.fields.RichTextField(blank=True, verbose_name='Thank-you text')),
                ('capture_kind', models.CharField(choices=[('need', 'Need'), ('opportunity', 'Opportunity')], default='need', max_length=16, verbose_name='Each entry becomes a')),
                ('capture_channel', models.CharField(choices=[('kernteam', 'Kernteam'), ('citizen_meeting', "Citizens' meeting"), ('survey', 'Survey'), ('partner_website', 'Partner website'), ('form', 'Online form'), ('mail_or_phone', 'E-mail or phone'), ('advisory_board', 'Advisory board')], default='form', max_length=32, verbose_name='Channel')),
                ('title_field', models.CharField(help_text='The label of a form field.', max_length=255, verbose_name='Title from field')),
                ('description_field', models.CharField(help_text='The label of a form field.', max_length=255, verbose_name='Description from field')),
                ('district_field', models.CharField(blank=True, max_length=255, verbose_name='District from field')),
                ('topic_field', models.CharField(blank=True, max_length=255, verbose_name='Topic from field')),
                ('contact_name_field', models.CharField(blank=True, max_length=255, verbose_name='Contact name from field')),
                ('contact_email_field', models.CharField(blank=True, max_length=255, verbose_name='Contact e-mail from field')),
                ('consent_field', models.CharField(blank=True, help_text='A checkbox; contact data is kept only when it is ticked.', max_length=255, verbose_name='Consent from field')),
            ],
            options={
                'verbose_name': 'Capture form',
                'verbose_name_plural': 'Capture forms',
            },
            bases=(wagtail.contrib.forms.models.FormMixin, 'wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='Competence',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='Name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='Slug')),
                ('description', models.TextField(blank=True, verbose_name='Description')),
                ('synonyms', models.TextField(blank=True, help_text='Other words for the same thing, one per line; they match free text too.', verbose_name='Synonyms')),
                ('needs_review', models.BooleanField(default=False, help_text='Created from a free-text line that matched nothing: check the name, merge or categorise it, then untick.', verbose_name='Needs review')),
                ('category', models.CharField(choices=[('craft', 'Crafts and technology'), ('mobility', 'Driving and mobility'), ('language', 'Languages'), ('education', 'Education and tutoring'), ('care', 'Health and care'), ('social', 'Social and companionship'), ('organisation', 'Organisation and administration'), ('digital', 'Digital'), ('culture', 'Culture, nature and sport'), ('other', 'Other')], default='other', max_length=32, verbose_name='Category')),
            ],
            options={
                'verbose_name': 'Competence',
                'verbose_name_plural': 'Competences',
                'ordering': ['name'],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='ImpactPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
            ],
            options={
                'verbose_name': 'Impact page',
            },
            bases=(alliances.serving.PublicOnlyMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='ItemPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('stage_changed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Stage since')),
                ('on_hold_from', models.CharField(blank=True, default='', editable=False, max_length=32, verbose_name='Put on hold from')),
                ('summary', models.TextField(help_text='Two or three sentences for listings and partner websites.', max_length=400, verbose_name='Summary')),
                ('body', wagtail.fields.StreamField([('paragraph', 0), ('image', 1), ('voice', 4), ('key_facts', 10)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'label': 'Text', 'template': 'blocks/paragraph.html'}), 1: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image', 'template': 'blocks/image.html'}), 2: ('wagtail.blocks.TextBlock', (), {'label': 'Statement'}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Name the person only with their consent, otherwise e.g. “a volunteer”.', 'label': 'Who says this', 'max_length': 120, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('quote', 2), ('attribution', 3)]], {}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120, 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Value', 'max_length': 40}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 120}), 8: ('wagtail.blocks.StructBlock', [[('value', 6), ('label', 7)]], {}), 9: ('wagtail.blocks.ListBlock', (8,), {'label': 'Facts', 'max_num': 8, 'min_num': 1}), 10: ('wagtail.blocks.StructBlock', [[('heading', 5), ('facts', 9)]], {})}, verbose_name='Content')),
                ('stage', django_fsm.FSMField(choices=[('captured', 'Captured'), ('in_analysis', 'In analysis'), ('in_definition', 'In definition'), ('alliance_forming', 'Alliance forming'), ('alliance_active', 'Alliance active'), ('on_hold', 'On hold'), ('declined', 'Declined'), ('closed', 'Closed')], db_index=True, default='captured', editable=False, max_length=50, verbose_name='Stage')),
                ('capture_channel', models.CharField(choices=[('kernteam', 'Kernteam'), ('citizen_meeting', "Citizens' meeting"), ('survey', 'Survey'), ('partner_website', 'Partner website'), ('form', 'Online form'), ('mail_or_phone', 'E-mail or phone'), ('advisory_board', 'Advisory board')], default='kernteam', max_length=32, verbose_name='Captured through')),
                ('captured_on', models.DateField(blank=True, null=True, verbose_name='Captured on')),
                ('reporter_note', models.CharField(blank=True, help_text="e.g. “Senior citizens' council, meeting of 12 March”", max_length=200, verbose_name='Note on the report')),
                ('priority', models.PositiveSmallIntegerField(blank=True, choices=[(1, 'low'), (2, 'medium'), (3, 'high'), (4, 'urgent')], null=True, verbose_name='Priority')),
                ('outcome', models.TextField(blank=True, help_text='What has changed, recorded before the item is closed.', verbose_name='Outcome')),
                ('age_groups', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.agegroup', verbose_name='Age groups')),
                ('assignee', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Assignee')),
            ],
            options={
                'verbose_name': 'Need or opportunity',
                'verbose_name_plural': 'Needs and opportunities',
            },
            bases=(alliances.serving.PublicOnlyMixin, cms.revisions.TolerantRevisionsMixin, 'wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='NeedIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
            ],
            options={
                'verbose_name': 'Needs index',
            },
            bases=(alliances.serving.PublicOnlyMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='OpportunityIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
            ],
            options={
                'verbose_name': 'Opportunities index',
            },
            bases=(alliances.serving.PublicOnlyMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='Resource',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='Name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='Slug')),
                ('description', models.TextField(blank=True, verbose_name='Description')),
                ('synonyms', models.TextField(blank=True, help_text='Other words for the same thing, one per line; they match free text too.', verbose_name='Synonyms')),
                ('needs_review', models.BooleanField(default=False, help_text='Created from a free-text line that matched nothing: check the name, merge or categorise it, then untick.', verbose_name='Needs review')),
                ('category', models.CharField(choices=[('room', 'Rooms and places'), ('vehicle', 'Vehicles'), ('tools', 'Tools and equipment'), ('money', 'Funding and money'), ('material', 'Material'), ('digital', 'Digital equipment'), ('other', 'Other')], default='other', max_length=32, verbose_name='Category')),
            ],
            options={
                'verbose_name': 'Resource',
                'verbose_name_plural': 'Resources',
                'ordering': ['name'],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='ServiceIndexPage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='Introduction')),
            ],
            options={
                'verbose_name': 'Services index',
            },
            bases=(alliances.serving.PublicOnlyMixin, 'wagtailcore.page'),
        ),
        migrations.CreateModel(
            name='Standard',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='Title')),
                ('kind', models.CharField(choices=[('law', 'Law'), ('regulation', 'Regulation'), ('council_resolution', 'Council resolution'), ('city_goal', 'City development goal'), ('professional', 'Professional standard')], max_length=32, verbose_name='Kind')),
                ('reference', models.CharField(help_text='e.g. “§ 24 SGB VIII” or “Council resolution 2023/114”', max_length=200, verbose_name='Reference')),
                ('indicator', models.CharField(max_length=200, verbose_name='Indicator')),
                ('target_value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='Target value')),
                ('unit', models.CharField(max_length=40, verbose_name='Unit')),
                ('direction', models.CharField(choices=[('at_least', 'at least'), ('at_most', 'at most')], default='at_least', max_length=16, verbose_name='Target is met at')),
                ('link', models.URLField(blank=True, verbose_name='Link')),
                ('valid_from', models.DateField(blank=True, null=True, verbose_name='Valid from')),
                ('description', models.TextField(blank=True, verbose_name='Description')),
            ],
            options={
                'verbose_name': 'Standard',
                'verbose_name_plural': 'Standards and goals',
                'ordering': ['title'],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='Topic',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='Name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='Slug')),
                ('description', models.TextField(blank=True, verbose_name='Description')),
            ],
            options={
                'verbose_name': 'Topic',
                'verbose_name_plural': 'Topics',
                'ordering': ['name'],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='CaptureFormField',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('clean_name', models.CharField(blank=True, default='', help_text='Safe name of the form field, the label converted to ascii_snake_case', max_length=255, verbose_name='name')),
                ('label', models.CharField(help_text='The label of the form field', max_length=255, verbose_name='label')),
                ('field_type', models.CharField(choices=[('singleline', 'Single line text'), ('multiline', 'Multi-line text'), ('email', 'Email'), ('number', 'Number'), ('url', 'URL'), ('checkbox', 'Checkbox'), ('checkboxes', 'Checkboxes'), ('dropdown', 'Drop down'), ('multiselect', 'Multiple select'), ('radio', 'Radio buttons'), ('date', 'Date'), ('datetime', 'Date/time'), ('hidden', 'Hidden field')], max_length=16, verbose_name='field type')),
                ('required', models.BooleanField(default=True, verbose_name='required')),
                ('choices', models.TextField(blank=True, help_text='Comma or new line separated list of choices. Only applicable in checkboxes, radio and dropdown.', verbose_name='choices')),
                ('default_value', models.TextField(blank=True, help_text='Default value. Comma or new line separated values supported for checkboxes.', verbose_name='default value')),
                ('help_text', models.CharField(blank=True, max_length=255, verbose_name='help text')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='form_fields', to='alliances.captureformpage')),
            ],
            options={
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='District',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, unique=True, verbose_name='Name')),
                ('slug', models.SlugField(max_length=120, unique=True, verbose_name='Slug')),
                ('neighbours', models.ManyToManyField(blank=True, help_text='Districts that border this one; matching prefers people from them.', to='alliances.district', verbose_name='Neighbouring districts')),
            ],
            options={
                'verbose_name': 'District',
                'verbose_name_plural': 'Districts',
                'ordering': ['name'],
                'abstract': False,
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name='AlliancePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('stage_changed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Stage since')),
                ('on_hold_from', models.CharField(blank=True, default='', editable=False, max_length=32, verbose_name='Put on hold from')),
                ('summary', models.TextField(help_text='Two or three sentences for listings and partner websites.', max_length=400, verbose_name='Summary')),
                ('body', wagtail.fields.StreamField([('paragraph', 0), ('image', 1), ('voice', 4), ('key_facts', 10)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'label': 'Text', 'template': 'blocks/paragraph.html'}), 1: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image', 'template': 'blocks/image.html'}), 2: ('wagtail.blocks.TextBlock', (), {'label': 'Statement'}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Name the person only with their consent, otherwise e.g. “a volunteer”.', 'label': 'Who says this', 'max_length': 120, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('quote', 2), ('attribution', 3)]], {}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120, 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Value', 'max_length': 40}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 120}), 8: ('wagtail.blocks.StructBlock', [[('value', 6), ('label', 7)]], {}), 9: ('wagtail.blocks.ListBlock', (8,), {'label': 'Facts', 'max_num': 8, 'min_num': 1}), 10: ('wagtail.blocks.StructBlock', [[('heading', 5), ('facts', 9)]], {})}, verbose_name='Content')),
                ('stage', django_fsm.FSMField(choices=[('proposed', 'Proposed'), ('forming', 'Forming'), ('active', 'Active'), ('paused', 'Paused'), ('concluded', 'Concluded')], db_index=True, default='proposed', editable=False, max_length=50, verbose_name='Stage')),
                ('purpose', models.TextField(verbose_name='Purpose')),
                ('started_on', models.DateField(blank=True, null=True, verbose_name='Founded on')),
                ('meeting_place', models.CharField(blank=True, max_length=200, verbose_name='Meeting place')),
                ('meeting_schedule', models.CharField(blank=True, help_text='e.g. “every 2nd Tuesday, 6 pm”', max_length=200, verbose_name='Meetings')),
                ('contact_email', models.EmailField(blank=True, help_text='A role address (e.g. reading-mentors@…), never a private address.', max_length=254, verbose_name='Contact e-mail')),
                ('contact_phone', models.CharField(blank=True, max_length=40, verbose_name='Contact phone')),
                ('how_to_join', models.TextField(blank=True, verbose_name='How to join')),
                ('age_groups', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.agegroup', verbose_name='Age groups')),
                ('assignee', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Assignee')),
                ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='Image')),
                ('districts', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.district', verbose_name='Districts')),
                ('topics', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.topic', verbose_name='Topics')),
            ],
            options={
                'verbose_name': 'Arnsberg Alliance',
                'verbose_name_plural': 'Arnsberg Alliances',
            },
            bases=(alliances.serving.PublicOnlyMixin, cms.revisions.TolerantRevisionsMixin, 'wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='ImpactReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('period_start', models.DateField(verbose_name='Period from')),
                ('period_end', models.DateField(verbose_name='Period until')),
                ('people_reached', models.PositiveIntegerField(default=0, verbose_name='People reached')),
                ('volunteer_hours', models.DecimalField(decimal_places=1, default=0, max_digits=9, verbose_name='Volunteer hours')),
                ('what_changed', models.TextField(help_text='Describe the outcome for the city; credit the alliance, not individuals.', verbose_name='What changed')),
                ('alliance', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='impact_reports', to='alliances.alliancepage')),
            ],
            options={
                'verbose_name': 'Impact report',
                'verbose_name_plural': 'Impact reports',
                'ordering': ['sort_order'],
                'permissions': [('view_kernteam_reports', 'Can see the Kernteam reports')],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='ImportRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='imports/', verbose_name='File')),
                ('file_name', models.CharField(max_length=255, verbose_name='File name')),
                ('status', models.CharField(choices=[('checked', 'Checked (dry run)'), ('queued', 'Queued'), ('running', 'Importing'), ('done', 'Done'), ('failed', 'Failed')], default='checked', max_length=16, verbose_name='Status')),
                ('rows', models.PositiveIntegerField(default=0, verbose_name='Rows')),
                ('valid', models.PositiveIntegerField(default=0, verbose_name='Valid rows')),
                ('rejected', models.JSONField(default=list, verbose_name='Rejected rows')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='Imported')),
                ('error', models.CharField(blank=True, max_length=500, verbose_name='Error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Uploaded')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='Finished')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Uploaded by')),
            ],
            options={
                'verbose_name': 'Import',
                'verbose_name_plural': 'Imports',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='NeedPage',
            fields=[
                ('itempage_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='alliances.itempage')),
            ],
            options={
                'verbose_name': 'Need',
                'verbose_name_plural': 'Needs',
            },
            bases=('alliances.itempage',),
        ),
        migrations.CreateModel(
            name='OpportunityPage',
            fields=[
                ('itempage_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='alliances.itempage')),
            ],
            options={
                'verbose_name': 'Opportunity',
                'verbose_name_plural': 'Opportunities',
            },
            bases=('alliances.itempage',),
        ),
        migrations.AddField(
            model_name='itempage',
            name='districts',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.district', verbose_name='Districts'),
        ),
        migrations.AddField(
            model_name='itempage',
            name='image',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='Image'),
        ),
        migrations.CreateModel(
            name='Organisation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='Name')),
                ('slug', models.SlugField(max_length=200, unique=True, verbose_name='Slug')),
                ('kind', models.CharField(choices=[('company', 'Company'), ('institution', 'Institution'), ('association', 'Association'), ('initiative', 'Initiative'), ('public_body', 'Public body')], max_length=32, verbose_name='Kind')),
                ('website', models.URLField(blank=True, verbose_name='Website')),
                ('description', models.TextField(blank=True, verbose_name='Description')),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='organisations', to='alliances.district', verbose_name='District')),
                ('logo', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='Logo')),
            ],
            options={
                'verbose_name': 'Organisation',
                'verbose_name_plural': 'Organisations',
                'ordering': ['name'],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.AddField(
            model_name='itempage',
            name='reported_by_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reported_items', to='alliances.organisation', verbose_name='Reported by (organisation)'),
        ),
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_name', models.CharField(max_length=100, verbose_name='First name')),
                ('last_name', models.CharField(max_length=100, verbose_name='Last name')),
                ('email', models.EmailField(blank=True, max_length=254, verbose_name='E-mail')),
                ('phone', models.CharField(blank=True, max_length=40, verbose_name='Phone')),
                ('age_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='persons', to='alliances.agegroup', verbose_name='Age group')),
                ('district', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='persons', to='alliances.district', verbose_name='District')),
                ('offered_competences', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='offering_persons', to='alliances.competence', verbose_name='Competences offered')),
                ('offered_resources', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='offering_persons', to='alliances.resource', verbose_name='Resources offered')),
            ],
            options={
                'verbose_name': 'Person',
                'verbose_name_plural': 'Persons',
                'ordering': ['last_name', 'first_name'],
                'permissions': [('view_person_contact', "Can see persons' contact data")],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.AddField(
            model_name='itempage',
            name='reported_by_person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='reported_items', to='alliances.person', verbose_name='Reported by (person)'),
        ),
        migrations.CreateModel(
            name='ServicePage',
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('stage_changed_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='Stage since')),
                ('on_hold_from', models.CharField(blank=True, default='', editable=False, max_length=32, verbose_name='Put on hold from')),
                ('summary', models.TextField(help_text='Two or three sentences for listings and partner websites.', max_length=400, verbose_name='Summary')),
                ('body', wagtail.fields.StreamField([('paragraph', 0), ('image', 1), ('voice', 4), ('key_facts', 10)], blank=True, block_lookup={0: ('wagtail.blocks.RichTextBlock', (), {'features': ['h2', 'h3', 'bold', 'italic', 'ol', 'ul', 'link', 'document-link'], 'label': 'Text', 'template': 'blocks/paragraph.html'}), 1: ('wagtail.images.blocks.ImageBlock', [], {'label': 'Image', 'template': 'blocks/image.html'}), 2: ('wagtail.blocks.TextBlock', (), {'label': 'Statement'}), 3: ('wagtail.blocks.CharBlock', (), {'help_text': 'Name the person only with their consent, otherwise e.g. “a volunteer”.', 'label': 'Who says this', 'max_length': 120, 'required': False}), 4: ('wagtail.blocks.StructBlock', [[('quote', 2), ('attribution', 3)]], {}), 5: ('wagtail.blocks.CharBlock', (), {'label': 'Heading', 'max_length': 120, 'required': False}), 6: ('wagtail.blocks.CharBlock', (), {'label': 'Value', 'max_length': 40}), 7: ('wagtail.blocks.CharBlock', (), {'label': 'Label', 'max_length': 120}), 8: ('wagtail.blocks.StructBlock', [[('value', 6), ('label', 7)]], {}), 9: ('wagtail.blocks.ListBlock', (8,), {'label': 'Facts', 'max_num': 8, 'min_num': 1}), 10: ('wagtail.blocks.StructBlock', [[('heading', 5), ('facts', 9)]], {})}, verbose_name='Content')),
                ('stage', django_fsm.FSMField(choices=[('draft', 'Draft'), ('defined', 'Defined'), ('retired', 'Retired')], db_index=True, default='draft', editable=False, max_length=50, verbose_name='Stage')),
                ('offer', models.TextField(blank=True, verbose_name='What the service offers')),
                ('age_groups', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.agegroup', verbose_name='Age groups')),
                ('assignee', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='Assignee')),
                ('districts', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.district', verbose_name='Districts')),
                ('image', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='Image')),
                ('topics', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.topic', verbose_name='Topics')),
            ],
            options={
                'verbose_name': 'Service',
                'verbose_name_plural': 'Services',
            },
            bases=(alliances.serving.PublicOnlyMixin, cms.revisions.TolerantRevisionsMixin, 'wagtailcore.page', models.Model),
        ),
        migrations.CreateModel(
            name='GapAssessment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('actual_value', models.DecimalField(decimal_places=2, max_digits=12, verbose_name='Actual value')),
                ('target_value', models.DecimalField(blank=True, decimal_places=2, help_text="Leave empty to use the standard's target value.", max_digits=12, null=True, verbose_name='Target value')),
                ('unit', models.CharField(blank=True, help_text="Empty: the standard's unit.", max_length=40, verbose_name='Unit')),
                ('measured_on', models.DateField(verbose_name='Measured on')),
                ('source', models.CharField(max_length=200, verbose_name='Source')),
                ('remeasured_value', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='Re-measured actual value')),
                ('remeasured_on', models.DateField(blank=True, null=True, verbose_name='Re-measured on')),
                ('item', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='gap_assessments', to='alliances.itempage')),
                ('standard', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='gap_assessments', to='alliances.standard', verbose_name='Standard')),
            ],
            options={
                'verbose_name': 'Gap assessment',
                'verbose_name_plural': 'Gap assessments',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='itempage',
            name='topics',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='+', to='alliances.topic', verbose_name='Topics'),
        ),
        migrations.CreateModel(
            name='Voice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('quote', models.TextField(max_length=600, verbose_name='Statement')),
                ('attribution', models.CharField(blank=True, help_text='Shown instead of a name, e.g. “reading mentor, 68”.', max_length=120, verbose_name='Attribution')),
                ('consent_given', models.BooleanField(default=False, verbose_name='The person agreed to the publication of this statement')),
                ('consent_on', models.DateField(blank=True, null=True, verbose_name='Consent given on')),
                ('alliance', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='voices', to='alliances.alliancepage')),
                ('person', models.ForeignKey(blank=True, help_text="Their statement is published only while they agree to publish their voice, their name only while they agree to show it (see the person's consents).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='voices', to='alliances.person', verbose_name='Person')),
            ],
            options={
                'verbose_name': 'Voice',
                'verbose_name_plural': 'Voices',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Consent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('purpose', models.CharField(choices=[('public_name', 'Show the name publicly'), ('voice', 'Publish their voice'), ('contact', 'Contact by the Kernteam'), ('alerts', 'Notifications (alerts)')], max_length=20, verbose_name='Purpose')),
                ('given_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Given on')),
                ('given_via', models.CharField(choices=[('admin', 'Recorded by the Kernteam (admin)'), ('form', 'Online form'), ('api', 'Partner website (API)'), ('link', 'Withdrawal link in an e-mail')], default='admin', max_length=10, verbose_name='Given through')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='Withdrawn on')),
                ('withdrawn_via', models.CharField(blank=True, choices=[('admin', 'Recorded by the Kernteam (admin)'), ('form', 'Online form'), ('api', 'Partner website (API)'), ('link', 'Withdrawal link in an e-mail')], max_length=10, verbose_name='Withdrawn through')),
                ('person', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='alliances.person')),
            ],
            options={
                'verbose_name': 'Consent',
                'verbose_name_plural': 'Consents',
                'ordering': ['purpose'],
                'constraints': [models.UniqueConstraint(fields=('person', 'purpose'), name='consent_one_per_person_and_purpose', violation_error_message='This purpose is already recorded for the person.')],
            },
        ),
        migrations.CreateModel(
            name='OrganisationOffer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('note', models.CharField(blank=True, help_text='e.g. “Saturdays”, “after 6 pm”', max_length=200, verbose_name='Note')),
                ('competence', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisation_offers', to='alliances.competence', verbose_name='Competence')),
                ('organisation', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='offers', to='alliances.organisation')),
                ('resource', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='organisation_offers', to='alliances.resource', verbose_name='Resource')),
            ],
            options={
                'verbose_name': 'Standing offer',
                'verbose_name_plural': 'Standing offers',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('competence__isnull', False), ('resource__isnull', True)), models.Q(('competence__isnull', True), ('resource__isnull', False)), _connector='OR'), name='offer_competence_xor_resource', violation_error_message='Please choose either a competence or a resource.')],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('role', models.CharField(choices=[('coordinator', 'Coordinator'), ('member', 'Member'), ('supporter', 'Supporter')], default='member', max_length=16, verbose_name='Role')),
                ('since', models.DateField(blank=True, null=True, verbose_name='Member since')),
                ('alliance', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='alliances.alliancepage')),
                ('competences', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='memberships', to='alliances.competence', verbose_name='Competences contributed')),
                ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='alliances.organisation', verbose_name='Organisation')),
                ('person', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='alliances.person', verbose_name='Person')),
                ('resources', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='memberships', to='alliances.resource', verbose_name='Resources contributed')),
            ],
            options={
                'verbose_name': 'Membership',
                'verbose_name_plural': 'Memberships',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('organisation__isnull', True), ('person__isnull', False)), models.Q(('organisation__isnull', False), ('person__isnull', True)), _connector='OR'), name='membership_person_xor_organisation', violation_error_message='Please choose exactly one person or one organisation as the member.')],
            },
        ),
        migrations.CreateModel(
            name='ServiceItemLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='service_links', to='alliances.itempage', verbose_name='Need or opportunity')),
                ('service', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='item_links', to='alliances.servicepage')),
            ],
            options={
                'verbose_name': 'Linked need or opportunity',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('service', 'item'), name='unique_service_item', violation_error_message='This need or opportunity is already linked.')],
            },
        ),
        migrations.CreateModel(
            name='AllianceServiceLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('alliance', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='service_links', to='alliances.alliancepage')),
                ('service', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='alliance_links', to='alliances.servicepage', verbose_name='Service')),
            ],
            options={
                'verbose_name': 'Service delivered',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('alliance', 'service'), name='unique_alliance_service', violation_error_message='This service is already listed for the alliance.')],
            },
        ),
        migrations.CreateModel(
            name='ServiceRequirement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('quantity', models.PositiveSmallIntegerField(default=1, help_text='People with the competence, or units of the resource.', verbose_name='How many')),
                ('essential', models.BooleanField(default=True, help_text='Without it the service cannot be delivered.', verbose_name='Essential')),
                ('competence', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='requirements', to='alliances.competence', verbose_name='Competence')),
                ('resource', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='requirements', to='alliances.resource', verbose_name='Resource')),
                ('service', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='requirements', to='alliances.servicepage')),
            ],
            options={
                'verbose_name': 'Requirement',
                'verbose_name_plural': 'Requirements',
                'ordering': ['sort_order'],
                'abstract': False,
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('competence__isnull', False), ('resource__isnull', True)), models.Q(('competence__isnull', True), ('resource__isnull', False)), _connector='OR'), name='requirement_competence_xor_resource', violation_error_message='Please choose either a competence or a resource.'), models.CheckConstraint(condition=models.Q(('quantity__gte', 1)), name='requirement_quantity_positive', violation_error_message='At least one is needed.')],
            },
        ),
        migrations.AddIndex(
            model_name='itempage',
            index=models.Index(fields=['stage', 'stage_changed_at'], name='alliances_i_stage_022ac9_idx'),
        ),
        migrations.RunPython(create_index_pages, migrations.RunPython.noop),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(remove_moderation, migrations.RunPython.noop),
    ]
