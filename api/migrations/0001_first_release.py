"""The partner integration's tables, and its permissions for whoever runs the workflow.

Squashed for the first release from api 0001-0012 (see `replaces`); a database that applied
all of them records this one as applied and runs nothing.
"""

import api.webhooks.models
import django.db.models.deletion
import uuid
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models


INTEGRATION_PERMS = [
    ("webhookendpoint", ["add", "change", "delete", "view"]),
    ("webhookdelivery", ["change", "view"]),
    ("interestsignup", ["delete", "view"]),
]


def grant_integration(apps, schema_editor):
    """Who runs the workflow (holds the engine's `workflows.run_transition`, which the domain
    grants to its groups) manages webhook endpoints, reads the delivery log and sign-ups;
    so `api` names no group."""
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="api",
        codename__in=[f"{action}_{model}" for model, actions in INTEGRATION_PERMS for action in actions],
    )
    for group in Group.objects.filter(
        permissions__content_type__app_label="workflows",
        permissions__codename="run_transition",
    ).distinct():
        group.permissions.add(*permissions)


class Migration(migrations.Migration):

    initial = True

    # The history before the first release; a database that applied all of it goes on here.
    replaces = [
        ('api', '0001_partners_and_api_keys'),
        ('api', '0001_webhooks_and_handins'),
        ('api', '0002_kernteam_partner_integration_permissions'),
        ('api', '0003_merge_partners_and_integration'),
        ('api', '0004_webhook_endpoint_partner'),
        ('api', '0005_public_read_model'),
        ('api', '0006_detail_expiry'),
        ('api', '0007_search_index_for_title_and_body'),
        ('api', '0008_i14_german_event_names'),
        ('api', '0009_i11_one_public_truth'),
        ('api', '0010_i11_german_names_of_all_events'),
        ('api', '0011_integration_permissions_by_permission'),
        ('api', '0012_i16_catalogues'),
    ]

    dependencies = [
        ('alliances', '0001_first_release'),
        ('wagtailcore', '0098_apitoken'),
    ]

    operations = [
        migrations.CreateModel(
            name='Partner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='Name')),
                ('contact_name', models.CharField(blank=True, max_length=200, verbose_name='Contact person')),
                ('contact_email', models.EmailField(max_length=254, verbose_name='Contact e-mail')),
                ('allowed_origins', models.TextField(blank=True, help_text='One origin per line, e.g. https://www.verein.example.org. Writing through the API is only accepted from these origins.', verbose_name='Allowed origins')),
                ('is_active', models.BooleanField(default=True, verbose_name='Active')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Created')),
            ],
            options={
                'verbose_name': 'Partner',
                'verbose_name_plural': 'Partners',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='InterestSignup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='Name')),
                ('email', models.EmailField(max_length=254, verbose_name='E-mail')),
                ('message', models.TextField(blank=True, max_length=2000, verbose_name='Message')),
                ('consent_at', models.DateTimeField(verbose_name='Consent given')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Signed up')),
                ('confirmed_at', models.DateTimeField(blank=True, null=True, verbose_name='Confirmed')),
                ('age_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='alliances.agegroup', verbose_name='Age group')),
                ('alliance', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='interest_signups', to='alliances.alliancepage', verbose_name='Alliance')),
                ('offered_competences', models.ManyToManyField(blank=True, related_name='interest_signups', to='alliances.competence', verbose_name='Competences offered')),
                ('offered_resources', models.ManyToManyField(blank=True, related_name='interest_signups', to='alliances.resource', verbose_name='Resources offered')),
            ],
            options={
                'verbose_name': 'Interest in joining',
                'verbose_name_plural': 'Expressions of interest in joining',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='PartnerAPIKey',
            fields=[
                ('id', models.CharField(editable=False, max_length=150, primary_key=True, serialize=False, unique=True)),
                ('prefix', models.CharField(editable=False, max_length=8, unique=True)),
                ('hashed_key', models.CharField(editable=False, max_length=150)),
                ('created', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('name', models.CharField(default=None, help_text='A free-form name for the API key. Need not be unique. 50 characters max.', max_length=50)),
                ('revoked', models.BooleanField(blank=True, default=False, help_text='If the API key is revoked, clients cannot use it anymore. (This cannot be undone.)')),
                ('expiry_date', models.DateTimeField(blank=True, help_text='Once API key expires, clients cannot use it anymore.', null=True, verbose_name='Expires')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_keys', to='api.partner', verbose_name='Partner')),
            ],
            options={
                'verbose_name': 'Partner API key',
                'verbose_name_plural': 'Partner API keys',
                'ordering': ('-created',),
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PublicRecord',
            fields=[
                ('page', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('kind', models.CharField(choices=[('alliance', 'Alliance'), ('service', 'Service'), ('need', 'Need'), ('opportunity', 'Opportunity')], max_length=16)),
                ('public', models.BooleanField(default=False)),
                ('expire_at', models.DateTimeField(null=True)),
                ('slug', models.CharField(max_length=255)),
                ('url_path', models.TextField(default='')),
                ('title', models.CharField(max_length=255)),
                ('stage', models.CharField(max_length=32)),
                ('started_on', models.DateField(null=True)),
                ('updated_at', models.DateTimeField(null=True)),
                ('version', models.PositiveBigIntegerField(default=0)),
                ('card_de', models.TextField(null=True)),
                ('card_en', models.TextField(null=True)),
                ('detail_de', models.TextField(null=True)),
                ('detail_en', models.TextField(null=True)),
                ('rendered_with', models.CharField(default='', max_length=16)),
                ('detail_expires_at', models.DateTimeField(null=True)),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('public', True)), fields=['kind', 'stage', 'title', 'page', 'expire_at'], name='record_by_stage'), models.Index(condition=models.Q(('public', True)), fields=['kind', 'title', 'page', 'expire_at', 'stage'], name='record_by_title'), models.Index(condition=models.Q(('public', True)), fields=['kind', 'updated_at'], name='record_by_updated'), models.Index(condition=models.Q(('public', True)), fields=['kind', 'started_on'], name='record_by_started'), models.Index(fields=['kind', 'slug'], name='record_by_slug')],
            },
        ),
        migrations.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120, verbose_name='Name')),
                ('url', models.URLField(max_length=500, verbose_name='URL')),
                ('events', models.JSONField(default=list, verbose_name='Events')),
                ('secret', models.CharField(default=api.webhooks.models.new_secret, max_length=100, verbose_name='Signing secret')),
                ('is_active', models.BooleanField(default=True, verbose_name='Active')),
                ('disabled_reason', models.CharField(blank=True, max_length=200, verbose_name='Disabled because')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Created')),
                ('partner', models.ForeignKey(blank=True, help_text='The partner website this endpoint belongs to.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='webhook_endpoints', to='api.partner', verbose_name='Partner')),
            ],
            options={
                'verbose_name': 'Webhook endpoint',
                'verbose_name_plural': 'Webhook endpoints',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='PublicMention',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('page_id', models.IntegerField(db_index=True)),
                ('record', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentions', to='api.publicrecord')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('record', 'page_id'), name='unique_public_mention')],
            },
        ),
        migrations.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('event_id', models.UUIDField(db_index=True, verbose_name='Event id')),
                ('event_type', models.CharField(choices=[('alliance.published', 'Alliance published (alliance.published)'), ('alliance.updated', 'Alliance updated (alliance.updated)'), ('alliance.unpublished', 'Alliance unpublished (alliance.unpublished)'), ('alliance.stage_changed', 'Alliance changed its stage (alliance.stage_changed)'), ('service.published', 'Service published (service.published)'), ('service.updated', 'Service updated (service.updated)'), ('service.unpublished', 'Service unpublished (service.unpublished)'), ('service.stage_changed', 'Service changed its stage (service.stage_changed)'), ('need.published', 'Need published (need.published)'), ('need.updated', 'Need updated (need.updated)'), ('need.unpublished', 'Need unpublished (need.unpublished)'), ('need.stage_changed', 'Need changed its stage (need.stage_changed)'), ('opportunity.published', 'Opportunity published (opportunity.published)'), ('opportunity.updated', 'Opportunity updated (opportunity.updated)'), ('opportunity.unpublished', 'Opportunity unpublished (opportunity.unpublished)'), ('opportunity.stage_changed', 'Opportunity changed its stage (opportunity.stage_changed)')], max_length=40, verbose_name='Event')),
                ('payload', models.JSONField(verbose_name='Payload')),
                ('page_id', models.IntegerField(blank=True, editable=False, null=True, verbose_name='Page')),
                ('status', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Failed'), ('withheld', 'Withheld (no longer public)')], default='pending', max_length=16, verbose_name='Status')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='Attempts')),
                ('next_attempt_at', models.DateTimeField(blank=True, null=True, verbose_name='Next attempt')),
                ('claimed_until', models.DateTimeField(blank=True, null=True, verbose_name='Claimed until')),
                ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='Response code')),
                ('last_error', models.CharField(blank=True, max_length=300, verbose_name='Last error')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='Created')),
                ('delivered_at', models.DateTimeField(blank=True, null=True, verbose_name='Delivered')),
                ('endpoint', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='api.webhookendpoint', verbose_name='Endpoint')),
            ],
            options={
                'verbose_name': 'Webhook delivery',
                'verbose_name_plural': 'Webhook deliveries',
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='api_webhook_status_5921e6_idx')],
            },
        ),
        migrations.RunPython(grant_integration, migrations.RunPython.noop),
    ]
