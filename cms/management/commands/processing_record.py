"""Print the record of processing activities (Verzeichnis von Verarbeitungstätigkeiten)."""

import json

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from cms.management.base import TranslatedCommand
from cms.privacy import processing_record, processing_record_markdown


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Record of processing activities (Art. 30 GDPR), generated from the models."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["markdown", "json"], default="markdown")
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)

    def handle(self, *args, format, language, **options):
        with translation.override(language):
            if format == "json":
                text = json.dumps(processing_record(), ensure_ascii=False, indent=2)
            else:
                text = processing_record_markdown()
        self.stdout.write(text)
