"""The workflow engine's tables: transition log, rules, reminders sent.

Squashed for the first release from workflows 0001-0004 (see `replaces`); a database that
applied all of them records this one as applied and runs nothing.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    # The history before the first release; a database that applied all of it goes on here.
    replaces = [
        ('workflows', '0001_transition_log_and_rules'),
        ('workflows', '0002_i14_cascade_and_automatic'),
        ('workflows', '0003_run_transition_permission'),
        ('workflows', '0004_i16_advisories_block'),
    ]

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='StageRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(max_length=150, unique=True, verbose_name='Stage')),
                ('reminder_days', models.PositiveIntegerField(blank=True, help_text='Remind when an item stays longer than this in the stage. Empty: never.', null=True, verbose_name='Reminder after (days)')),
                ('notify_assignee', models.BooleanField(default=True, verbose_name='Notify the assignee')),
                ('notify_groups', models.ManyToManyField(blank=True, related_name='+', to='auth.group', verbose_name='Notify groups')),
            ],
            options={
                'verbose_name': 'Stage rule',
                'verbose_name_plural': 'Stage rules',
                'ordering': ['stage'],
            },
        ),
        migrations.CreateModel(
            name='TransitionRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('transition', models.CharField(help_text='Workflow and step, e.g. “Needs and opportunities: Start analysis”.', max_length=150, unique=True, verbose_name='Transition')),
                ('advisories_block', models.BooleanField(default=False, help_text="The step's notes (e.g. essential requirements no member covers) stop it when checked; otherwise they are shown as a warning and the step may be taken.", verbose_name='Notes block the step')),
                ('groups', models.ManyToManyField(blank=True, related_name='+', to='auth.group', verbose_name='Groups allowed')),
            ],
            options={
                'verbose_name': 'Transition rule',
                'verbose_name_plural': 'Transition rules',
                'ordering': ['transition'],
            },
        ),
        migrations.CreateModel(
            name='SentReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('stage', models.CharField(max_length=32)),
                ('stage_since', models.DateTimeField()),
                ('period', models.PositiveIntegerField()),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
            ],
            options={
                'verbose_name': 'Sent reminder',
                'verbose_name_plural': 'Sent reminders',
                'constraints': [models.UniqueConstraint(fields=('page', 'stage', 'stage_since', 'period'), name='unique_reminder_per_period')],
            },
        ),
        migrations.CreateModel(
            name='TransitionLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('workflow', models.CharField(max_length=100, verbose_name='Workflow')),
                ('transition', models.CharField(max_length=64, verbose_name='Transition')),
                ('source', models.CharField(blank=True, max_length=32, verbose_name='From')),
                ('target', models.CharField(max_length=32, verbose_name='To')),
                ('cause', models.CharField(choices=[('person', 'Person'), ('system', 'automatic')], max_length=8, verbose_name='Cause')),
                ('comment', models.TextField(blank=True, verbose_name='Comment')),
                ('created_at', models.DateTimeField(db_index=True, verbose_name='When')),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='By')),
                ('caused_by', models.ForeignKey(blank=True, help_text='The step whose cascade moved this item automatically.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='cascaded', to='workflows.transitionlog', verbose_name='Caused by')),
                ('page', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='transition_logs', to=settings.WAGTAIL_PAGE_MODEL, verbose_name='Page')),
            ],
            options={
                'verbose_name': 'Transition log entry',
                'verbose_name_plural': 'Transition log',
                'ordering': ['-created_at', '-pk'],
                'permissions': [('run_transition', 'Can run steps and assign items')],
                'indexes': [models.Index(fields=['workflow', 'page', 'created_at'], name='workflows_t_workflo_ff0e7a_idx')],
            },
        ),
    ]
