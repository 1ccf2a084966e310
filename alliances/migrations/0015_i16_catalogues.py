"""Catalogues of competences and resources, what services need and members offer."""

import django.db.models.deletion
import modelcluster.fields
import modelsearch.index
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alliances', '0014_kernteam_runs_steps'),
    ]

    operations = [
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
        migrations.AddField(
            model_name='district',
            name='neighbours',
            field=models.ManyToManyField(blank=True, help_text='Districts that border this one; matching prefers people from them.', to='alliances.district', verbose_name='Neighbouring districts'),
        ),
        migrations.AddField(
            model_name='person',
            name='contact_consent',
            field=models.BooleanField(default=False, help_text='The person agreed that the Kernteam may contact them when an alliance needs what they offer. Without it they are never suggested.', verbose_name='May be asked to help'),
        ),
        migrations.AddField(
            model_name='person',
            name='contact_consent_on',
            field=models.DateField(blank=True, null=True, verbose_name='Consent to be asked given on'),
        ),
        migrations.AddField(
            model_name='person',
            name='district',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='persons', to='alliances.district', verbose_name='District'),
        ),
        # The free text stays until 0016 has turned it into catalogue links; 0017 drops it.
        migrations.RenameField(
            model_name='membership',
            old_name='competences',
            new_name='competences_text',
        ),
        migrations.RenameField(
            model_name='membership',
            old_name='resources',
            new_name='resources_text',
        ),
        migrations.AddField(
            model_name='person',
            name='offered_competences',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='offering_persons', to='alliances.competence', verbose_name='Competences offered'),
        ),
        migrations.AddField(
            model_name='person',
            name='offered_resources',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='offering_persons', to='alliances.resource', verbose_name='Resources offered'),
        ),
        migrations.AddField(
            model_name='membership',
            name='competences',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='memberships', to='alliances.competence', verbose_name='Competences contributed'),
        ),
        migrations.AddField(
            model_name='membership',
            name='resources',
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name='memberships', to='alliances.resource', verbose_name='Resources contributed'),
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
    ]
