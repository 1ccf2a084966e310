"""The read model: every programme page as partners see it, prepared when it changes.

A row holds what lists filter and sort on (kept exact in the transaction of every change)
and the JSON of the page's list item and detail per language (cleared by every change that
may touch it, and rendered again after commit, or on the first read that finds it empty).
Reads then cost one indexed query and a string join instead of querysets and serializers.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone


class Kind(models.TextChoices):
    ALLIANCE = "alliance"
    SERVICE = "service"
    NEED = "need"
    OPPORTUNITY = "opportunity"


class PublicRecordQuerySet(models.QuerySet):
    def visible(self, kind: str):
        """What `publicly_visible()` returns for this kind, right now."""
        return self.filter(kind=kind, public=True).filter(
            Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now())
        )


def visible_where(connection) -> str:
    """`visible()` as an SQL condition on the record table, for the few statements of the
    partner API written out (the ORM took longer to build them than the database to
    answer); parameters: the kind, then the moment now. Tests hold it to `visible()`."""
    quote = connection.ops.quote_name
    expire_at = quote("expire_at")
    return (
        f"{quote('kind')} = %s AND {quote('public')} AND ({expire_at} IS NULL OR {expire_at} > %s)"
    )


def visible_q(kind: str, page_field: str = "pk") -> Exists:
    """For a page queryset: the page is public per the read model (one key lookup a page,
    where `pk__in` would first collect every public page of the kind)."""
    return Exists(PublicRecord.objects.visible(kind).filter(page=OuterRef(page_field)))


class PublicRecord(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # publicly_visible() but for the expiry, which is compared when read.
    public = models.BooleanField(default=False)
    expire_at = models.DateTimeField(null=True)
    slug = models.CharField(max_length=255)
    url_path = models.TextField(default="")  # to notice when an ancestor's slug changed
    title = models.CharField(max_length=255)
    stage = models.CharField(max_length=32)
    started_on = models.DateField(null=True)
    updated_at = models.DateTimeField(null=True)
    # Bumped by every change; a render only lands on the version it started from.
    version = models.PositiveBigIntegerField(default=0)
    # JSON text; "\x01" (never raw in JSON) stands for the request's scheme and host.
    card_de = models.TextField(null=True)
    card_en = models.TextField(null=True)
    detail_de = models.TextField(null=True)
    detail_en = models.TextField(null=True)
    # The serializers' version (api.readmodel.services.SERIALIZER_VERSION) that rendered the
    # texts: a deploy that changes a serializer makes them stale, and they are re-rendered.
    rendered_with = models.CharField(max_length=16, default="")
    # The first expiry among the public pages the detail lists: then it is rendered again.
    detail_expires_at = models.DateTimeField(null=True)

    objects = PublicRecordQuerySet.as_manager()

    class Meta:
        # Partial and covering: a list counts and pages through one index, never the rows
        # (they carry the JSON); stage first for the default stage, title for `stage=all`.
        indexes = [
            models.Index(
                fields=["kind", "stage", "title", "page", "expire_at"],
                condition=Q(public=True),
                name="record_by_stage",
            ),
            models.Index(
                fields=["kind", "title", "page", "expire_at", "stage"],
                condition=Q(public=True),
                name="record_by_title",
            ),
            models.Index(
                fields=["kind", "updated_at"], condition=Q(public=True), name="record_by_updated"
            ),
            models.Index(
                fields=["kind", "started_on"], condition=Q(public=True), name="record_by_started"
            ),
            models.Index(fields=["kind", "slug"], name="record_by_slug"),
            # The few public records with an expiry: what a count subtracts once it passed.
            models.Index(
                fields=["kind", "expire_at", "stage"],
                condition=Q(public=True, expire_at__isnull=False),
                name="record_by_expiry",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.slug}"


class PublicCount(models.Model):
    """How many records of a kind and stage are public, as a journal of differences.

    Every change of the read model adds what it changed (+1, -1 per kind and stage) in its
    own transaction: inserts only, so concurrent changes never wait for a shared row, and
    a list's `count` sums a few rows instead of counting every public record (which grew
    with the programme: 12 ms at 100,000 alliances). The worker folds the rows into one
    per kind and stage (`services.fold_counts`); `services.recount` rebuilds them from the
    records. The expiry is compared when read (`services.public_count`).
    """

    kind = models.CharField(max_length=16, choices=Kind.choices)
    stage = models.CharField(max_length=32)
    delta = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "stage", "delta"], name="count_by_stage")]

    def __str__(self):
        return f"{self.kind} {self.stage} {self.delta:+d}"


class PublicMention(models.Model):
    """A page a record's detail named when it was rendered (a linked service, say).

    When that page changes, the details naming it are rendered again — also where the
    link itself was removed, which the link tables can no longer tell.
    """

    record = models.ForeignKey(PublicRecord, on_delete=models.CASCADE, related_name="mentions")
    page_id = models.IntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "page_id"], name="unique_public_mention")
        ]

    def __str__(self):
        return f"{self.record_id} → {self.page_id}"
