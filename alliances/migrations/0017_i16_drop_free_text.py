"""The free-text lines live on as catalogue links (0016); the text columns go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("alliances", "0016_i16_free_text_to_catalogue")]

    operations = [
        migrations.RemoveField(model_name="servicepage", name="required_competences"),
        migrations.RemoveField(model_name="servicepage", name="required_resources"),
        migrations.RemoveField(model_name="membership", name="competences_text"),
        migrations.RemoveField(model_name="membership", name="resources_text"),
    ]
