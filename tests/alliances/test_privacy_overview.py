"""The record of processing activities (/admin/datenschutz/) reads as German prose: every
field named as the admin names it, capitalised; code as code, not Markdown backticks."""

import re

import pytest
from django.utils import translation

from cms.privacy import field_labels, registry

pytestmark = pytest.mark.django_db


def test_every_personal_field_has_a_proper_german_label():
    with translation.override("de"):
        labels = {entry.key: field_labels(entry) for entry in registry()}
    for entry in registry():
        for name, label in zip(entry.fields, labels[entry.key], strict=True):
            assert label[0].isupper(), (entry.key, name, label)
            assert label != name.replace("_", " "), (entry.key, name, label)
    # The ones Wagtail's models name by attribute only, and a relation without a name.
    assert labels["consents"][0] == "Person"
    assert labels["form_submissions"] == ["Formulareingaben"]
    assert labels["log_entries"][:2] == ["Bezeichnung des geänderten Eintrags", "Benutzer"]


def test_the_overview_page_shows_labels_and_code(kernteam_client):
    html = kernteam_client.get("/admin/datenschutz/").content.decode()
    assert "`" not in html
    assert "<code>python manage.py processing_record</code>" in html
    consent_row = re.search(r'data-key="consents">(.*?)</tr>', html, re.S).group(1)
    assert "<td>Person, Zweck," in consent_row
