"""Revisions that name deleted snippets still load (edit, compare, preview, revert views).

A draft or an older revision stores the ids of the snippets it names (a member, a
standard). modelcluster drops or nulls a dangling reference when the foreign key is
CASCADE, SET_NULL or DO_NOTHING, but raises for PROTECT and RESTRICT — and those are the
keys that keep live rows safe. Before modelcluster sees the data, a dangling protected
reference is handled the way CASCADE would be: a child row naming it is left out of the
revision, a key of the page itself is emptied.
"""

from django.db import models
from modelcluster.models import get_all_child_relations

HANDLED_BY_MODELCLUSTER = (models.CASCADE, models.SET_NULL, models.DO_NOTHING)


def _protected_keys(model) -> list:
    # Wagtail's own keys (locale, content type) name rows that cannot go while pages use them.
    return [
        field
        for field in model._meta.concrete_fields
        if field.many_to_one
        and field.remote_field.on_delete not in HANDLED_BY_MODELCLUSTER
        and field.model._meta.app_label != "wagtailcore"
    ]


def _exists(field, value) -> bool:
    lookup = {field.remote_field.field_name: value}
    return field.related_model._default_manager.filter(**lookup).exists()


def without_dangling_references(model, data: dict, *, child: bool = False) -> dict | None:
    """`data` (a revision's content) without references to rows that no longer exist.

    Returns None for a child row that names a missing row through a protected key.
    """
    data = dict(data)
    for field in _protected_keys(model):
        value = data.get(field.name)
        if value is None or _exists(field, value):
            continue
        if child:
            return None
        data[field.name] = None
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if isinstance(data.get(name), list):
            rows = (
                without_dangling_references(relation.related_model, row, child=True)
                for row in data[name]
            )
            data[name] = [row for row in rows if row is not None]
    return data


def has_protected_references(model) -> bool:
    """Whether revisions of `model` can name a row modelcluster cannot drop by itself."""
    if _protected_keys(model):
        return True
    return any(has_protected_references(r.related_model) for r in get_all_child_relations(model))


class TolerantRevisionsMixin:
    """For page (or snippet) models with revisions: see the module docstring."""

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        if check_fks:
            data = without_dangling_references(cls, data)
        return super().from_serializable_data(data, check_fks, strict_fks)
