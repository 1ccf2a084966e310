"""The rule of "public now" for any page, without stages: live, no view restriction on the
page or an ancestor, go-live reached, not expired (compared when asked). Programme pages add
their stage (`alliances.visibility`, `publicly_visible()`)."""

from django.db.models import F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def unrestricted_q() -> Q:
    """Neither the page nor an ancestor has a view restriction.

    Like Wagtail's `public()`, but as a subquery: nothing is queried while the queryset
    is built, and restrictions are read when it runs. Written as `path IN (…)` (the
    subquery yields the page's own path once per restriction on it or an ancestor)
    because the search backends accept lookups on filter fields, not `Exists`.
    """
    restricting = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path")), own_path=OuterRef("path")
    ).filter(page__path=F("prefix"))
    return ~Q(path__in=restricting.values("own_path"))


def in_time_q(now=None) -> Q:
    """Go-live reached and not expired, compared with `now` (the moment of asking)."""
    now = now or timezone.now()
    return (Q(go_live_at__isnull=True) | Q(go_live_at__lte=now)) & (
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )


def public_pages(queryset: PageQuerySet) -> PageQuerySet:
    """Any pages (index, home, Wirkung page) the public may see now: the rule without stages."""
    return queryset.live().filter(unrestricted_q()).filter(in_time_q())
