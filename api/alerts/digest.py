"""What a subscription is told: public alliances and their "gesucht" entries that match it
and that it was not told of before.

Public means what `AlliancePage.objects.publicly_visible()` answers when the digest is
built (the one public authority, `alliances.visibility`); only forming and active
alliances are looked at (the ones a citizen can join), as on the Mitmachen page.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from wagtail.admin.utils import get_admin_base_url

from alliances.matching import Need, wanted_by_alliance
from alliances.models import AlliancePage
from alliances.stages import ALLIANCE_JOINABLE_STAGES

OPEN_STAGES = ALLIANCE_JOINABLE_STAGES


@dataclass
class PublicAlliance:
    id: int
    slug: str
    title: str
    stage: str
    district_ids: set[int]
    topic_ids: set[int]
    districts: str
    wanted: list[Need] = field(default_factory=list)
    page: AlliancePage | None = None

    @property
    def url(self) -> str:
        return self.page.get_full_url() if self.page else ""

    @property
    def join_url(self) -> str:
        return get_admin_base_url() + reverse("participation:join", args=[self.slug])


def public_alliances() -> dict[int, PublicAlliance]:
    """Every public forming or active alliance with its districts, topics and wanted
    entries: four queries however many there are."""
    pages = (
        AlliancePage.objects.publicly_visible()
        .filter(stage__in=OPEN_STAGES)
        .prefetch_related("districts", "topics")
        .order_by("title", "pk")
    )
    found = {
        page.pk: PublicAlliance(
            id=page.pk,
            slug=page.slug,
            title=page.title,
            stage=page.get_stage_display(),
            district_ids={d.pk for d in page.districts.all()},
            topic_ids={t.pk for t in page.topics.all()},
            districts=", ".join(sorted(d.name for d in page.districts.all())),
            page=page,
        )
        for page in pages
    }
    for alliance_id, needs in wanted_by_alliance(pages.values("pk")).items():
        found[alliance_id].wanted = needs
    return found


@dataclass(frozen=True)
class Criteria:
    """A subscription's choice: catalogue ids; an empty set means "any"."""

    district_ids: frozenset[int]
    topic_ids: frozenset[int]
    competence_ids: frozenset[int]

    @classmethod
    def of(cls, subscription) -> "Criteria":
        return cls(
            frozenset(d.pk for d in subscription.districts.all()),
            frozenset(t.pk for t in subscription.topics.all()),
            frozenset(c.pk for c in subscription.competences.all()),
        )

    def wants(self, need: Need) -> bool:
        if not self.competence_ids:
            return True
        return need.kind == "competence" and need.entry_id in self.competence_ids

    def place_fits(self, alliance: PublicAlliance) -> bool:
        return (not self.district_ids or bool(self.district_ids & alliance.district_ids)) and (
            not self.topic_ids or bool(self.topic_ids & alliance.topic_ids)
        )


def alliance_key(alliance: PublicAlliance) -> str:
    return f"a:{alliance.id}"


def wanted_key(alliance: PublicAlliance, need: Need) -> str:
    return f"w:{alliance.id}:{need.kind}:{need.entry_id}"


def matching(criteria: Criteria, alliances: dict[int, PublicAlliance]) -> dict[str, tuple]:
    """{key: (alliance, need or None)} of everything public that matches: an alliance in
    the chosen districts and topics (with chosen competences: one that looks for one of
    them), and each entry it looks for (with chosen competences: only those). Nothing for
    a subscription left without any choice."""
    found = {}
    if not (criteria.district_ids or criteria.topic_ids or criteria.competence_ids):
        return found  # its every choice was deleted from the catalogues: not "everything"
    for alliance in alliances.values():
        if not criteria.place_fits(alliance):
            continue
        needs = [need for need in alliance.wanted if criteria.wants(need)]
        if needs or not criteria.competence_ids:
            found[alliance_key(alliance)] = (alliance, None)
        for need in needs:
            found[wanted_key(alliance, need)] = (alliance, need)
    return found
