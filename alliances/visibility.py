"""The one answer to "is this page public now?" (docs/ARCHITECTURE.md, "The flows").

A page is public now when it is live, neither it nor an ancestor has a view restriction,
its go-live is reached, it has not expired (compared now, not when a worker last ran) and,
for a programme page, its stage is public. `publicly_visible()` (alliances/models/base.py)
is the queryset form of the same rule; `public_ids()` asks it for many pages at once.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from cms.request_memo import forget, memo
from cms.visibility import public_pages

RESTRICTION_NAMES = {
    PageViewRestriction.PASSWORD: _("a password"),
    PageViewRestriction.LOGIN: _("a login"),
    PageViewRestriction.GROUPS: _("membership of a group"),
}


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


_lazy_moment = lazy(_moment, str)


def is_programme_page(page) -> bool:
    """Programme pages (`alliances.models.base.ProgrammePage`) carry a stage, and their
    queryset knows which stages are public. This module sits below the models, so it
    asks the queryset instead of importing the classes."""
    return hasattr(type(page).objects, "stage_is_public")


def stage_is_public(page) -> bool:
    return type(page).objects.stage_is_public(page)


RESTRICTIONS_MEMO = "alliances.visibility.restrictions"


def _restrictions_on(page) -> list[PageViewRestriction]:
    """The view restrictions on `page` and its ancestors. Within a request every
    restriction of the site is read once (there are few; a listing asks for each of its
    rows), as Wagtail's own privacy indicator does."""
    shared = memo()
    if shared is None:
        return list(
            PageViewRestriction.objects.filter(
                page__in=Page.objects.ancestor_of(page, inclusive=True)
            ).select_related("page")
        )
    if RESTRICTIONS_MEMO not in shared:
        shared[RESTRICTIONS_MEMO] = list(
            PageViewRestriction.objects.select_related("page").order_by("page__path", "pk")
        )
    return [r for r in shared[RESTRICTIONS_MEMO] if page.path.startswith(r.page.path)]


def _restrictions_changed(**kwargs) -> None:
    forget(RESTRICTIONS_MEMO)


def connect() -> None:
    """A request that changes a restriction or moves a page reads them afresh."""
    for signal in (post_save, post_delete):
        signal.connect(
            _restrictions_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"visibility-restrictions-{id(signal)}",
        )
    post_page_move.connect(_restrictions_changed, dispatch_uid="visibility-restrictions-move")


def reasons_not_public(page, *, now=None) -> list[str]:
    """Why the public cannot see `page` now (German when rendered in German); empty when
    it can. `page` is a specific page instance; its fields are taken as they are in
    memory, its view restrictions (and its ancestors') from the database."""
    now = now or timezone.now()
    reasons = []
    if not page.live:
        reasons.append(_("It is not published."))
    if is_programme_page(page) and not stage_is_public(page):
        stage_field = type(page)._meta.get_field("stage")
        label = dict(stage_field.flatchoices).get(page.stage, page.stage)
        if getattr(page, "on_hold_from", "") and page.stage == "on_hold":
            held_from = dict(stage_field.flatchoices).get(page.on_hold_from, page.on_hold_from)
            reasons.append(
                format_lazy(
                    _("It is on hold from the stage “{stage}”, which is not public."),
                    stage=held_from,
                )
            )
        else:
            reasons.append(format_lazy(_("Its stage “{stage}” is not public."), stage=label))
    if page.pk:
        for restriction in _restrictions_on(page):
            kind = RESTRICTION_NAMES.get(restriction.restriction_type, restriction.restriction_type)
            if restriction.page_id == page.pk:
                reasons.append(format_lazy(_("Viewing it requires {kind}."), kind=kind))
            else:
                reasons.append(
                    format_lazy(
                        _("The page “{title}” above it requires {kind} for viewing."),
                        title=restriction.page.title,
                        kind=kind,
                    )
                )
    if page.go_live_at and page.go_live_at > now:
        reasons.append(
            format_lazy(_("It goes live only on {moment}."), moment=_lazy_moment(page.go_live_at))
        )
    if page.expire_at and page.expire_at <= now:
        reasons.append(
            format_lazy(_("It expired on {moment}."), moment=_lazy_moment(page.expire_at))
        )
    return reasons


def is_public_now(page, *, now=None) -> bool:
    """Whether the public may see `page` (a specific page instance) at this moment."""
    return not reasons_not_public(page, now=now)


def public_ids(page_ids: Iterable[int]) -> set[int]:
    """Of these page ids (any page type), those public now: one query per page type."""
    ids = {int(pk) for pk in page_ids}
    if not ids:
        return set()
    by_type = defaultdict(list)
    for pk, content_type in Page.objects.filter(pk__in=ids).values_list("pk", "content_type"):
        by_type[content_type].append(pk)
    found: set[int] = set()
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        queryset = model.objects.filter(pk__in=pks)
        if hasattr(queryset, "publicly_visible"):  # a programme page: its stage counts too
            queryset = queryset.publicly_visible()
        else:
            queryset = public_pages(Page.objects.filter(pk__in=pks))
        found.update(queryset.values_list("pk", flat=True))
    return found
