"""Every error message a form or serializer of ours can show is a German sentence that
addresses people as "Sie": Django's and DRF's German say "Bitte sicherstellen, …",
"Bitte ein gültiges Datum eingeben.", "Gib …", "Lade …" or "mit den Feldern." where
everything else says "Bitte geben Sie …". The project's catalogue overrides them
(cms/upstream_labels.py, cms/drf_messages.py); here each field type is given every kind
of wrong value, and each message it answers is checked."""

import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import FileExtensionValidator, ProhibitNullCharactersValidator
from django.utils import translation
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator, UniqueValidator

from alliances.models import District, Membership
from cms.localized_input import GermanDateField, GermanDecimalField
from cms.numbers import AsciiIntegerField
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

# Impersonal ("Bitte … eingeben", "sicherstellen", "Muss …"), informal ("Gib", "Lade",
# "Stelle", "Prüfe", "Nutze") or vague ("mit den Feldern.") German.
NOT_SIE = re.compile(
    r"sicherstellen|eingeben\.|^(Gib|Gebe|Lade|Stelle|Prüfe|Nutze|Benutze|Wähle)\b|"
    r"\b(Erwarte|erhielt)\b|^Muss\b|^Bitte (ein|eine|einen|nur|mindestens|höchstens|die|den)\b|"
    r"mit den Feldern\.|\bDictionary\b"
)
ADDRESS = re.compile(r"\b(Sie|Ihr|Ihre|Ihrer|Ihren)\b")
CHOICES = [("a", "A"), ("b", "B")]
MESSAGES_AT_LEAST = 60


def _png() -> bytes:
    return b"not an image at all"


def _django_cases():
    """(field, value) pairs; each value is refused."""
    districts = District.objects.all()
    text = forms.CharField(
        min_length=5, max_length=10, validators=[ProhibitNullCharactersValidator()]
    )
    integer = forms.IntegerField(min_value=1, max_value=50, step_size=5)
    decimal = forms.DecimalField(max_digits=4, decimal_places=1, min_value=1, max_value=500)
    upload = forms.FileField(max_length=10, validators=[FileExtensionValidator(["csv"])])
    return [
        (text, ""),
        (text, "abc"),
        (text, "a" * 11),
        (text, "abcdef\x00"),
        (integer, "x"),
        (integer, "0"),
        (integer, "51"),
        (integer, "7"),
        (forms.IntegerField(step_size=5, min_value=2), "4"),
        (AsciiIntegerField(), "١٢"),
        (decimal, "x"),
        (decimal, "12345"),
        (decimal, "1.25"),
        (decimal, "1234"),
        (decimal, "0.5"),
        (decimal, "501"),
        (GermanDecimalField(), "١٢"),
        (forms.FloatField(), "x"),
        (forms.DateField(), "x"),
        (GermanDateField(), "x"),
        (GermanDateField(), "٢٠٢٦-٠١-٠١"),
        (forms.DateTimeField(), "x"),
        (forms.TimeField(), "x"),
        (forms.DurationField(), "x"),
        (forms.DurationField(), "1000000000 00:00:00"),
        (forms.EmailField(), "x"),
        (forms.URLField(assume_scheme="https"), "x"),
        (forms.SlugField(), "ä b"),
        (forms.SlugField(allow_unicode=True), "ä b"),
        (forms.UUIDField(), "x"),
        (forms.JSONField(), "{"),
        (forms.GenericIPAddressField(), "x"),
        (forms.ChoiceField(choices=CHOICES), "x"),
        (forms.MultipleChoiceField(choices=CHOICES), "a"),
        (forms.MultipleChoiceField(choices=CHOICES), ["x"]),
        (forms.ModelChoiceField(districts), "999"),
        (forms.ModelMultipleChoiceField(districts), ["abc"]),
        (forms.ModelMultipleChoiceField(districts), ["999"]),
        (forms.SplitDateTimeField(), ["2026-01-01", ""]),
        (upload, SimpleUploadedFile("liste.csv", b"")),
        (upload, SimpleUploadedFile("eine-lange-liste.csv", b"a;b")),
        (upload, SimpleUploadedFile("liste.exe", b"a")),
        (forms.FileField(), "kein-dateiobjekt"),
        (forms.ImageField(), SimpleUploadedFile("bild.png", _png())),
    ]


def _model_messages() -> list[str]:
    """Model validation: null, blank, unique, unique together, choices, a foreign key."""
    messages = []
    existing = DistrictFactory(slug="neheim", name="Neheim")
    for district in (District(name="", slug=""), District(name="Neheim 2", slug="neheim")):
        with pytest.raises(ValidationError) as refused:
            district.full_clean()
        messages += refused.value.messages
    membership = Membership(alliance_id=999999, role="x")  # no alliance 999999, no role "x"
    with pytest.raises(ValidationError) as refused:
        membership.full_clean()
    messages += refused.value.messages

    class DistrictForm(forms.ModelForm):
        class Meta:
            model = District
            fields = ["name", "slug"]

    form = DistrictForm({"name": existing.name, "slug": existing.slug})
    assert not form.is_valid()
    messages += [m for errors in form.errors.values() for m in errors]
    formset_class = forms.formset_factory(
        forms.Form, min_num=2, max_num=3, validate_min=True, validate_max=True
    )
    for total in (1, 4):
        data = {"form-TOTAL_FORMS": str(total), "form-INITIAL_FORMS": "0"}
        formset = formset_class(data)
        assert not formset.is_valid()
        messages += formset.non_form_errors()
    return messages


class _Everything(serializers.Serializer):
    text = serializers.CharField(min_length=5, max_length=10)
    number = serializers.IntegerField(min_value=1, max_value=50)
    amount = serializers.DecimalField(max_digits=4, decimal_places=1)
    share = serializers.FloatField()
    day = serializers.DateField()
    moment = serializers.DateTimeField()
    time = serializers.TimeField()
    span = serializers.DurationField()
    email = serializers.EmailField()
    url = serializers.URLField()
    slug = serializers.SlugField()
    code = serializers.UUIDField()
    address = serializers.IPAddressField()
    pattern = serializers.RegexField(r"^[a-z]+$")
    kind = serializers.ChoiceField(choices=CHOICES)
    kinds = serializers.MultipleChoiceField(choices=CHOICES, allow_empty=False)
    entries = serializers.ListField(child=serializers.CharField(), min_length=2, max_length=3)
    mapping = serializers.DictField(allow_empty=False)
    data = serializers.JSONField(binary=True)
    yes = serializers.BooleanField()
    upload = serializers.FileField(max_length=10)
    picture = serializers.ImageField()
    district = serializers.SlugRelatedField(slug_field="slug", queryset=District.objects.all())
    district_id = serializers.PrimaryKeyRelatedField(queryset=District.objects.all())
    flag = serializers.CharField(allow_blank=False)
    needed = serializers.CharField()
    nothing = serializers.CharField(allow_null=False)


def _drf_messages() -> list[str]:
    wrong = [
        {
            "text": "abc", "number": "x", "amount": "x", "share": "x", "day": "x",
            "moment": "x", "time": "x", "span": "x", "email": "x", "url": "x", "slug": "ä b",
            "code": "x", "address": "x", "pattern": "1", "kind": "x", "kinds": [],
            "entries": ["a"], "mapping": {}, "data": b"{", "yes": "vielleicht",
            "upload": "x", "picture": "x", "district": "mond", "district_id": 999999,
            "flag": "", "nothing": None,
        },
        {
            "text": "a" * 11, "number": 0, "amount": "12345", "day": "2026-01-01T10:00",
            "moment": "2026-01-01", "kinds": ["x"], "entries": ["a", "b", "c", "d"],
            "mapping": "x", "upload": SimpleUploadedFile("eine-lange-liste.csv", b"a"),
            "picture": SimpleUploadedFile("bild.png", _png()), "district_id": "abc",
            "share": "1" * 1001,
        },
        {"number": 51, "amount": "1.25", "upload": SimpleUploadedFile("x.csv", b""),
         "entries": "a", "kinds": "a", "nothing": None},
        {"amount": "1234"},
    ]  # fmt: skip
    messages = []
    for data in wrong:
        serializer = _Everything(data=data)
        assert not serializer.is_valid()
        for errors in serializer.errors.values():
            messages += [str(m) for m in (errors if isinstance(errors, list) else [errors])]
    not_an_object = serializers.Serializer(data=[])
    assert not not_an_object.is_valid()
    messages += [str(m) for m in not_an_object.errors["non_field_errors"]]

    DistrictFactory(slug="hüsten", name="Hüsten")

    class UniqueDistrict(serializers.Serializer):
        slug = serializers.CharField(validators=[UniqueValidator(District.objects.all())])
        name = serializers.CharField()

        class Meta:
            validators = [UniqueTogetherValidator(District.objects.all(), ["slug", "name"])]

    for data in ({"slug": "hüsten", "name": "X"}, {"slug": "x", "name": "Hüsten"}):
        serializer = UniqueDistrict(data=data)
        serializer.is_valid()
        messages += [str(m) for errors in serializer.errors.values() for m in errors]
    return messages


def _form_messages() -> list[str]:
    messages = []
    for field, value in _django_cases():
        with pytest.raises(ValidationError) as refused:
            field.clean(value)
        messages += refused.value.messages
    return messages


def test_every_error_message_is_a_sentence_with_sie():
    with translation.override("de"):
        messages = _form_messages() + _model_messages() + _drf_messages()
    assert len(set(messages)) >= MESSAGES_AT_LEAST, len(set(messages))
    offences = sorted(
        {
            message
            for message in messages
            if NOT_SIE.search(message)
            or not ADDRESS.search(message)
            or not message.rstrip(")").endswith((".", ".“"))
        }
    )
    assert offences == []


def test_a_number_or_date_in_other_digits_is_told_the_digits_0_to_9():
    with translation.override("de"):
        for field, value in [
            (AsciiIntegerField(), "١٢"),
            (GermanDecimalField(), "١٢,٥"),
            (GermanDateField(), "٢٠٢٦-٠١-٠١"),
            (GermanDateField(), "٠١.٠١.٢٠٢٦"),
        ]:
            with pytest.raises(ValidationError) as refused:
                field.clean(value)
            assert refused.value.messages == [
                "Bitte schreiben Sie Zahlen nur mit den Ziffern 0 bis 9."
            ], (field, value)


def test_no_request_of_the_catalogue_leaves_out_sie():
    """Our own messages too: a German sentence that asks ("Bitte …") says "Sie"."""
    catalogue = (Path(settings.BASE_DIR) / "locale/de/LC_MESSAGES/django.po").read_text()
    impersonal = []
    for entry in catalogue.split("\n\n"):
        found = re.search(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, re.MULTILINE)
        if not found:
            continue
        text = "".join(re.findall(r'"(.*)"', found.group(1)))
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            asks = sentence.startswith("Bitte ") and sentence.endswith((".", ")", ":"))
            if asks and not ADDRESS.search(sentence) or NOT_SIE.search(sentence):
                impersonal.append(sentence)
    assert sorted(set(impersonal)) == []


INFORMAL = re.compile(r"\b(du|dein|deine|deinem|deinen|deiner|füge|Beachte)\b|^Wähle\b")


def test_wagtails_informal_german_is_ours_with_sie():
    """Wagtail's catalogues say "du" in a few requests of editors, among them the image
    block's alt text error ("Bitte füge etwas Alternativtext für dein Bild hinzu")."""
    import wagtail

    informal = []
    for catalogue in Path(wagtail.__file__).parent.glob("**/locale/de/LC_MESSAGES/django.po"):
        for entry in catalogue.read_text().split("\n\n"):
            msgid = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.MULTILINE)
            msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', entry, re.MULTILINE)
            if "#, fuzzy" in entry or not msgid or not msgstr or "msgctxt" in entry:
                continue
            theirs = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
            if INFORMAL.search(theirs):
                informal.append("".join(re.findall(r'"(.*)"', msgid.group(1))))
    assert "Please add some alt text for your image or mark it as decorative" in informal
    with translation.override("de"):
        still = {msgid: translation.gettext(msgid) for msgid in informal}
    assert {msgid: text for msgid, text in still.items() if INFORMAL.search(text)} == {}
