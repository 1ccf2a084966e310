"""Data-subject rights on a person: export (Art. 15) and erasure (Art. 17) in the admin."""

import json
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry, Revision

from alliances import privacy
from alliances.models import AlliancePage, Membership, Person, Voice
from alliances.stages import AllianceStage
from tests.alliances.test_capture_form import answers, survey  # noqa: F401  (fixture)
from tests.factories import CompetenceFactory, OrganisationFactory, PersonFactory, make_page

pytestmark = pytest.mark.django_db

EMAIL = "erika@privat.example.org"
QUOTE = "Seit ich vorlese, kenne ich die halbe Nachbarschaft."


@pytest.fixture
def erika(client, survey):  # noqa: F811
    """A person who is a member, a voice, and handed in a need through a form."""
    person = PersonFactory(
        first_name="Erika",
        last_name="Muster",
        email=EMAIL,
        phone="0170 5550000",
        public_name_consent=True,
        voice_consent=True,
    )
    alliance = make_page(AlliancePage, title="Lesepaten Neheim", stage=AllianceStage.ACTIVE)
    membership = Membership(alliance=alliance, person=person)
    membership.competences = [CompetenceFactory(name="Vorlesen")]
    membership.save()
    Membership.objects.create(alliance=alliance, organisation=OrganisationFactory())
    Voice.objects.create(
        alliance=alliance,
        person=person,
        quote=QUOTE,
        attribution="Lesepatin",
        consent_given=True,
        consent_on=date(2026, 2, 1),
    )
    alliance = AlliancePage.objects.get(pk=alliance.pk)  # with the rows just added
    alliance.save_revision().publish()
    assert alliance.memberships.count() == 2 and alliance.voices.count() == 1
    client.post(survey.url, answers(ihre_e_mail=EMAIL, einwilligung="on"))
    from cms.mailing import queue_mail

    queue_mail(
        key="erika-1", to=[EMAIL], subject="Bitte bestätigen", body="Hallo Erika", purpose="alert"
    )
    assert FormSubmission.objects.count() == 1
    person.alliance = alliance
    return person


def _person_log(person, action=None):
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    )
    return entries.filter(action=action) if action else entries


def test_kernteam_exports_everything_as_a_german_document_and_as_json(kernteam_client, erika):
    url = reverse("person_privacy_export", args=[erika.pk])
    page = kernteam_client.get(url)
    assert page.status_code == 200
    for expected in [
        "Erika",
        EMAIL,
        "0170 5550000",
        "Lesepaten Neheim",  # membership
        QUOTE,  # voice
        "Umfrage Nachbarschaft",  # form submission
        "Bank an der Bushaltestelle",  # the need handed in
    ]:
        assert expected in page.text, expected
    assert "Mitgliedschaften" in page.text  # German labels

    download = kernteam_client.get(url, {"format": "json"})
    day = f"{timezone.localdate():%Y-%m-%d}"  # cms.exports.download_name
    disposition = f'attachment; filename="auskunft-person-{erika.pk}-{day}.json"'
    assert download["Content-Disposition"] == disposition
    data = json.loads(download.content)
    sections = {s["key"]: s["rows"] for s in data["sections"]}
    assert sections["person"][0]["E-Mail"] == EMAIL
    assert len(sections["memberships"]) == 1
    assert sections["voices"][0]["Aussage"] == QUOTE
    assert len(sections["form_submissions"]) == 1
    assert len(sections["reported_items"]) == 1
    assert sections["mails"][0]["Betreff"] == "Bitte bestätigen"
    assert sections["revisions"]  # the alliance's saved versions name her
    # Each export is recorded in Wagtail's audit log (and appears in the next export).
    assert _person_log(erika, privacy.EXPORT_ACTION).count() == 2
    assert any(
        "Personenbezogene Daten exportiert" in row["Aktion"] for row in sections["log_entries"]
    )


def test_viewing_contact_data_is_recorded_in_the_audit_log(kernteam_client, erika):
    url = reverse("wagtailsnippets_alliances_person:edit", args=[erika.pk])
    assert EMAIL in kernteam_client.get(url).text
    entry = _person_log(erika, privacy.CONTACT_VIEW_ACTION).get()
    assert entry.user.username == "kim.kernteam"


def test_redaktion_can_neither_export_nor_erase(redaktion_client, erika):
    for name in ("person_privacy_export", "person_privacy_erase"):
        response = redaktion_client.get(reverse(name, args=[erika.pk]))
        assert response.status_code in (302, 403)
        assert EMAIL not in response.text
    assert not _person_log(erika).filter(action__startswith="alliances.person.").exists()


def test_erasure_in_one_step_keeps_counts_history_and_logs_without_personal_data(
    client, kernteam_client, erika
):
    alliance = erika.alliance
    before = client.get(alliance.url).text
    assert "Erika Muster" in before

    confirm = kernteam_client.get(reverse("person_privacy_erase", args=[erika.pk]))
    assert confirm.status_code == 200
    response = kernteam_client.post(reverse("person_privacy_erase", args=[erika.pk]))
    assert response.status_code == 302

    erika.refresh_from_db()
    assert (erika.email, erika.phone, erika.public_name) == ("", "", None)
    assert not erika.consents.exists()
    assert "Erika" not in str(erika) and "Muster" not in str(erika)
    assert erika.age_group_id  # counts per age group stay right
    assert Membership.objects.filter(alliance=alliance).count() == 2
    assert Voice.objects.get(person=erika).quote == privacy.ERASED_TEXT
    assert not FormSubmission.objects.exists()
    from cms.models import OutboundMail

    assert not OutboundMail.objects.filter(key="erika-1").exists()

    # The public page: the name is gone, the citizen is still counted.
    after = client.get(alliance.url).text
    assert "Erika" not in after and QUOTE not in after
    assert response.status_code == 302
    # Stored versions of the page no longer hold her statement, and keep loading.
    for revision in Revision.objects.filter(object_id=str(alliance.pk)):
        assert QUOTE not in json.dumps(revision.content, ensure_ascii=False)
    older = Revision.objects.filter(object_id=str(alliance.pk)).order_by("pk").first()
    for url in (
        reverse("wagtailadmin_pages:edit", args=[alliance.pk]),
        reverse("wagtailadmin_pages:history", args=[alliance.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[alliance.pk, older.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[alliance.pk, "earliest", "latest"]),
    ):
        page = kernteam_client.get(url)
        assert page.status_code == 200, url
        assert QUOTE not in page.text and EMAIL not in page.text

    # The erasure is logged, with counts only; no log entry still names her.
    entry = _person_log(erika, privacy.ERASE_ACTION).get()
    logged = json.dumps(
        list(_person_log(erika).values("label", "data")), ensure_ascii=False, default=str
    )
    assert "Erika" not in logged and "Muster" not in logged and EMAIL not in logged
    assert entry.data["counts"]["form_submissions"] == 1

    # The export now finds nothing personal.
    export = kernteam_client.get(reverse("person_privacy_export", args=[erika.pk]))
    assert EMAIL not in export.text and QUOTE not in export.text
