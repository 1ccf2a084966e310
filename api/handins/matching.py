"""Confirmed sign-ups as offerers for the matching (registered in `api.apps`)."""

from collections import defaultdict

from alliances.matching import Offerer, page_district_ids
from api.handins.models import InterestSignup


def signup_offerers(*, keys, alliance_id) -> list:
    """Confirmed sign-ups offering any of `keys`; their district is their alliance's."""
    offers = defaultdict(set)
    for field_name, kind in (
        ("offered_competences", "competence"),
        ("offered_resources", "resource"),
    ):
        ids = [i for k, i in keys if k == kind]
        if not ids:
            continue
        through = InterestSignup._meta.get_field(field_name).remote_field.through
        for signup_id, entry_id in through.objects.filter(
            **{f"{kind}_id__in": ids}, interestsignup__confirmed_at__isnull=False
        ).values_list("interestsignup_id", f"{kind}_id"):
            offers[signup_id].add((kind, entry_id))
    if not offers:
        return []
    rows = list(
        InterestSignup.objects.filter(pk__in=offers).values(
            "id", "name", "alliance_id", "age_group_id", "age_group__name"
        )
    )
    districts = page_district_ids(
        InterestSignup._meta.get_field("alliance").related_model,
        {row["alliance_id"] for row in rows},
    )
    return [
        Offerer(
            kind="signup",
            id=row["id"],
            name=row["name"],
            offers=offers[row["id"]],
            # A sign-up names no district: the alliance's (its first, by id) stands for it.
            district_id=min(districts[row["alliance_id"]], default=None),
            age_group_id=row["age_group_id"],
            age_group_name=row["age_group__name"] or "",
            signed_up_for_this=row["alliance_id"] == alliance_id,
        )
        for row in rows
    ]
