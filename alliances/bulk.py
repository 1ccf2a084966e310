"""Writing many pages at once: tree paths per batch, search index in bulk.

Creating pages the ordinary way (add_child, save_revision, publish) runs at about 14 pages
a second. The demo generator and the item import place pages themselves and index them
with one call per batch instead of one task per saved page.
"""

from contextlib import contextmanager

from django.db import connection, models, router
from django.db.models.signals import post_save
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler
from treebeard.mp_tree import MP_Node
from wagtail.models import Page
from wagtail.search.models import IndexEntry
from wagtail.signal_handlers import disable_reference_index_auto_update

from alliances.signals import pages_written_in_bulk


class Tree:
    """Hands out the next free child paths under one parent page."""

    def __init__(self, parent: Page):
        self.parent = parent
        # Not parent.get_children(): it trusts the instance's numchild, which may be stale.
        children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        last = children.order_by("-path").values_list("path", flat=True).first()
        step = Page.steplen
        self.next = MP_Node._str2int(last[-step:]) + 1 if last else 1
        self.added = 0

    def place(self, page: Page, slug: str) -> Page:
        page.path = self.parent.path + MP_Node._int2str(self.next).rjust(Page.steplen, "0")
        page.depth = self.parent.depth + 1
        page.numchild = 0
        page.slug = slug
        page.url_path = f"{self.parent.url_path}{slug}/"
        page.locale_id = self.parent.locale_id
        self.next += 1
        self.added += 1
        return page

    def commit(self):
        """Count the placed pages on the parent; call inside the batch's transaction."""
        Page.objects.filter(pk=self.parent.pk).update(numchild=models.F("numchild") + self.added)
        self.added = 0


def insert_pages(pages: list[Page]) -> None:
    """Write placed pages of one model (see `Tree`) with one INSERT per table and batch:
    the rows Model.save_base would write into each table of the inheritance chain
    (wagtailcore_page first, which hands out the ids), without its per-row signals."""
    if not pages:
        return
    model = type(pages[0])
    using = router.db_for_write(model)
    root, *tables = [
        *sorted(model._meta.get_parent_list(), key=lambda m: len(m._meta.get_parent_list())),
        model,
    ]
    # The root table (wagtailcore_page): the database hands out the ids.
    fields = [f for f in root._meta.local_concrete_fields if f is not root._meta.pk]
    rows = root._base_manager.using(using)._batched_insert(pages, fields, None)
    ids = [pk for (pk,) in rows]
    for table in tables:
        for page, pk in zip(pages, ids, strict=True):
            for link in table._meta.parents.values():
                setattr(page, link.attname, pk)
        fields = table._meta.local_concrete_fields
        table._base_manager.using(using)._batched_insert(pages, fields, None)
    for page, pk in zip(pages, ids, strict=True):
        setattr(page, root._meta.pk.attname, pk)
    for page in pages:
        page._state.adding = False
        page._state.db = using


@contextmanager
def indexing_in_bulk(models_: tuple[type[models.Model], ...]):
    """Index each batch with one bulk call (see `index`) instead of one task per page."""
    for model in models_:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models_:
            post_save.connect(post_save_signal_handler, sender=model)


def index(model: type[models.Model], objects) -> None:
    """Make a batch findable: the search index, and (for pages) whoever keeps a copy."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    announce(model, objects)


def announce(model: type[models.Model], objects) -> None:
    """Tell whoever keeps a copy of pages (the read model) about a written batch."""
    if issubclass(model, Page) and objects:
        pages_written_in_bulk.send(sender=model, pages=objects)


class DeferredIndex:
    """Search index entries for many batches, written `chunk` objects at a time.

    Each bulk call of modelsearch's SQLite backend ends by averaging the title length
    over the whole index (a full scan), so one call per batch of 500 made seeding
    100,000 alliances quadratic; one call per few ten thousand objects keeps it linear.
    Call `flush()` at the end (the objects wait in memory until then).
    """

    def __init__(self, chunk: int = 20_000):
        self.chunk = chunk
        self.pending: dict[type[models.Model], list] = {}
        self.count = 0

    def add(self, model: type[models.Model], objects) -> None:
        self.pending.setdefault(model, []).extend(objects)
        self.count += len(objects)
        if self.count >= self.chunk:
            self.flush()

    def flush(self) -> None:
        for model, objects in self.pending.items():
            for backend in get_search_backends(with_auto_update=True):
                backend.add_bulk(model, objects)
        self.pending, self.count = {}, 0


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load, so the planner knows the tables' new sizes.

    SQLite: only the search index. Without statistics SQLite joins a full-text search the
    slow way round (scanning every index entry of the model and matching each): `q` on
    10,000 alliances took 2 s, after this 15-35 ms. With statistics for every table SQLite
    chose a far worse plan for the view-restriction subquery of `publicly_visible()` (50 s
    a list).

    PostgreSQL: every table, as autovacuum would minutes later. Until then the planner
    takes the page table for the two rows it had after `migrate` and runs that same
    subquery as a scan of all pages per page: counting 2,500 public pages took 1.8 s,
    after ANALYZE 10 ms (quadratic: 10,000 alliances would wait minutes).
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
        else:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(IndexEntry._meta.db_table)}")
