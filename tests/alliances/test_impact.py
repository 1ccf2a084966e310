from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliances.impact import impact_summary, public_impact_reports
from alliances.models import (
    AlliancePage,
    ImpactPage,
    ImpactReport,
    NeedPage,
    ServiceItemLink,
    ServicePage,
    Voice,
)
from alliances.models.alliance import AllianceServiceLink
from alliances.models.impact import alliance_impact
from alliances.stages import AllianceStage, ItemStage, ServiceStage
from cms.models import HomePage
from tests.factories import (
    DistrictFactory,
    PersonFactory,
    TopicFactory,
    make_gap,
    make_page,
)

pytestmark = pytest.mark.django_db


def _report(alliance, *, people=10, hours="5", start=date(2026, 1, 1), end=date(2026, 6, 30), **kw):
    return ImpactReport.objects.create(
        alliance=alliance,
        period_start=start,
        period_end=end,
        people_reached=people,
        volunteer_hours=Decimal(hours),
        what_changed=kw.pop("what_changed", "Mehr Kinder lesen."),
        **kw,
    )


def _alliance(districts=(), topics=(), stage=AllianceStage.ACTIVE, publish=True, **kw):
    alliance = make_page(AlliancePage, stage=stage, publish=publish, **kw)
    alliance.districts.set(districts)
    alliance.topics.set(topics)
    alliance.save()
    return alliance


@pytest.fixture
def impact_page():
    home = HomePage.objects.get()
    page = ImpactPage(title="Wirkung", slug="wirkung")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_summary_counts_only_publicly_visible_alliances_per_district_and_topic():
    neheim, huesten = (
        DistrictFactory(name="Neheim", slug="neheim"),
        DistrictFactory(name="Hüsten", slug="huesten"),
    )
    bildung = TopicFactory(name="Bildung", slug="bildung")
    reading = _alliance([neheim, huesten], [bildung], title="Lesepaten")
    garden = _alliance([neheim], [], title="Gartenfreunde")
    proposed = _alliance([neheim], [bildung], stage=AllianceStage.PROPOSED, title="Geheim")
    draft = _alliance([neheim], [bildung], publish=False, title="Entwurf")
    _report(reading, people=30, hours="12.5")
    _report(reading, people=5, hours="2", start=date(2025, 1, 1), end=date(2025, 12, 31))
    _report(garden, people=7, hours="3")
    _report(proposed, people=1000)
    _report(draft, people=1000)

    summary = impact_summary()
    assert summary.people_reached == 42
    assert summary.volunteer_hours == Decimal("17.5")
    assert summary.alliance_count == 2
    by_district = {g.key.slug: g for g in summary.by_district}
    assert by_district["neheim"].people_reached == 42
    assert [a.title for a in by_district["neheim"].alliances] == ["Gartenfreunde", "Lesepaten"]
    assert by_district["huesten"].people_reached == 35
    assert by_district["huesten"].report_count == 2
    assert [(g.key.slug, g.people_reached) for g in summary.by_topic] == [("bildung", 35)]

    assert impact_summary(district=huesten).people_reached == 35
    assert impact_summary(topic=bildung).alliance_count == 1
    in_2025 = public_impact_reports(period_from=date(2025, 3, 1), period_to=date(2025, 4, 1))
    assert [r.people_reached for r in in_2025] == [5]


def test_report_period_must_not_end_before_it_starts():
    alliance = _alliance()
    report = ImpactReport(
        alliance=alliance,
        period_start=date(2026, 6, 1),
        period_end=date(2026, 1, 1),
        what_changed="x",
    )
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "period_end" in error.value.message_dict


def test_voices_are_public_only_with_consent_and_names_only_with_name_consent():
    alliance = _alliance()
    named = PersonFactory(
        first_name="Erika",
        last_name="Muster",
        public_name_consent=True,
        voice_consent=True,
    )
    anonymous = PersonFactory(first_name="Hans", last_name="Geheim", voice_consent=True)
    withdrawn = PersonFactory(first_name="Wanda", last_name="Widerruf", voice_consent=True)
    withdrawn.consents.update(withdrawn_at=timezone.now())
    Voice.objects.create(
        alliance=alliance,
        quote="Ich lerne so viel.",
        person=named,
        attribution="Lesepatin",
        consent_given=True,
        consent_on=date(2026, 2, 1),
    )
    Voice.objects.create(
        alliance=alliance,
        quote="Es macht Spaß.",
        person=anonymous,
        attribution="Vorleser, 70",
        consent_given=True,
        consent_on=date(2026, 2, 1),
    )
    Voice.objects.create(alliance=alliance, quote="Ohne Zustimmung.", attribution="Jemand")
    Voice.objects.create(
        alliance=alliance,
        quote="Widerrufen.",
        person=withdrawn,
        attribution="Lesepatin",
        consent_given=True,
        consent_on=date(2026, 2, 1),
    )

    voices = alliance_impact(alliance=alliance).voices
    assert [v.public_attribution for v in voices] == ["Erika Muster, Lesepatin", "Vorleser, 70"]
    assert list(Voice.objects.publishable().order_by("pk").values_list("quote", flat=True)) == [
        "Ich lerne so viel.",
        "Es macht Spaß.",
    ]

    voice = Voice(alliance=alliance, quote="x", consent_given=True)
    with pytest.raises(ValidationError):
        voice.full_clean()


def test_alliance_impact_lists_gaps_remeasured_within_the_period():
    alliance = _alliance()
    need = make_page(NeedPage, stage=ItemStage.ALLIANCE_ACTIVE)
    service = make_page(ServicePage, stage=ServiceStage.DEFINED)
    ServiceItemLink.objects.create(service=service, item=need)
    AllianceServiceLink.objects.create(alliance=alliance, service=service)
    inside = make_gap(need, remeasured_value=Decimal("75"), remeasured_on=date(2026, 3, 1))
    make_gap(need, remeasured_value=Decimal("60"), remeasured_on=date(2026, 9, 1))
    make_gap(need)
    _report(alliance)

    [(report, gaps)] = alliance_impact(alliance=alliance).reports
    assert gaps == [inside]


def test_citizen_reads_what_the_alliances_of_their_district_achieved(client, impact_page):
    neheim = DistrictFactory(name="Neheim", slug="neheim")
    oeventrop = DistrictFactory(name="Oeventrop", slug="oeventrop")
    reading = _alliance([neheim], title="Lesepaten Neheim")
    _report(reading, people=48, hours="120", what_changed="48 Kinder lesen jetzt besser.")
    other = _alliance([oeventrop], title="Dorfladen Oeventrop")
    _report(other, people=300, what_changed="Der Dorfladen hat wieder geöffnet.")
    hidden = _alliance([neheim], stage=AllianceStage.PROPOSED, title="Noch nicht öffentlich")
    _report(hidden, what_changed="Darf niemand sehen.")

    response = client.get("/wirkung/", {"district": "neheim"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lesepaten Neheim" in html
    assert "48 Kinder lesen jetzt besser." in html
    assert "Dorfladen" not in html
    assert "Darf niemand sehen." not in html
    assert response.context["summary"].people_reached == 48

    page = client.get(reading.url)
    assert "48 Kinder lesen jetzt besser." in page.content.decode()


def test_unknown_district_filter_shows_everything_instead_of_failing(client, impact_page):
    _report(_alliance(title="Lesepaten"), what_changed="Alle lesen.")
    response = client.get("/wirkung/", {"district": "gibt-es-nicht"})
    assert response.status_code == 200
    assert "Alle lesen." in response.content.decode()


def test_impact_page_is_at_most_one_below_home(impact_page):
    assert ImpactPage.can_create_at(HomePage.objects.get()) is False


def test_editor_adds_impact_and_voice_in_the_admin_and_drafts_stay_private(redaktion_client):
    from django.urls import reverse
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    alliance = _alliance(title="Sprachbrücke")
    url = reverse("wagtailadmin_pages:edit", args=[alliance.pk])
    form = {
        "title": alliance.title,
        "slug": alliance.slug,
        "summary": alliance.summary,
        "purpose": alliance.purpose,
        "body": streamfield([("paragraph", rich_text("<p>Mehr.</p>"))]),
        "comments": inline_formset([]),
        "service_links": inline_formset([]),
        "memberships": inline_formset([]),
        "impact_reports": inline_formset(
            [
                {
                    "period_start": "2026-01-01",
                    "period_end": "2026-06-30",
                    "people_reached": "25",
                    "volunteer_hours": "40.5",
                    "what_changed": "25 Menschen sprechen sicherer Deutsch.",
                }
            ]
        ),
        "voices": inline_formset(
            [
                {
                    "quote": "Ich habe Freunde gefunden.",
                    "person": "",
                    "attribution": "Teilnehmerin",
                    "consent_given": "on",
                    "consent_on": "2026-05-01",
                }
            ]
        ),
    }
    response = redaktion_client.post(url, nested_form_data(form))
    assert response.status_code == 302
    assert not ImpactReport.objects.filter(alliance=alliance).exists()  # a draft only

    response = redaktion_client.post(url, nested_form_data({**form, "action-publish": "publish"}))
    assert response.status_code == 302
    report = ImpactReport.objects.get(alliance=alliance)
    assert report.people_reached == 25
    assert report.volunteer_hours == Decimal("40.5")
    assert Voice.objects.get(alliance=alliance).consent_given

    bad = {
        **form,
        "action-publish": "publish",
        "voices": inline_formset(
            [{"quote": "x", "person": "", "attribution": "y", "consent_given": "on"}]
        ),
    }
    response = redaktion_client.post(url, nested_form_data(bad))
    assert response.status_code == 200
    assert "Datum" in response.text
