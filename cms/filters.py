"""Strict filters for every admin listing and report (ours and Wagtail's).

Django's NullBooleanField, and Wagtail's All/Yes/No radio buttons, read any value other
than yes or no as "not given": `?live=vielleicht&export=csv` exported every row as if
unfiltered. Django's forms take the last of two values (`?status=a&status=b`), and a
multiple choice given empty (`?action=`) is an invalid choice. Here, through one filter
set mixin (`strict_filterset`):

- a yes/no value other than yes or no is an error of the filter form;
- a filter that takes one value, given more than once, is an error (as the partner API
  answers 400 for a repeated single-valued parameter);
- an empty value means "all", for a multiple choice as for every other filter.

The listings apply it to whatever filter set they have (`cms.listings.CheckedListingMixin`).
"""

import functools
from collections import OrderedDict

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import BooleanRadioSelect

from cms.form_input import SubmittedInputMixin

REPEATED_FILTER = _("This filter was given twice or more. Please choose only one value.")


class YesNoRadioSelect(BooleanRadioSelect):
    """Wagtail's All/Yes/No radio buttons, which hand any other value on to the field
    (Wagtail's and Django's widgets read it as "not given")."""

    def value_from_datadict(self, data, files, name):
        answer = super().value_from_datadict(data, files, name)
        return data.get(name) if answer is None else answer


class YesNoField(forms.NullBooleanField):
    """Yes, no, or not given; anything else is an error. Read as "not given", a value
    such as `blind_spots=junk` showed, and exported, every row as if unfiltered."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        answer = super().to_python(value)
        if answer is None:
            raise ValidationError(_("Please choose yes or no."), code="invalid")
        return answer

    def has_changed(self, initial, data):
        try:
            return super().has_changed(initial, data)
        except ValidationError:  # as Django's other fields see a value that is not valid
            return True


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter as Wagtail's own listings show it (All, Yes, No), strict."""

    field_class = YesNoField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", YesNoRadioSelect)
        super().__init__(*args, **kwargs)


def strict_yes_no(boolean: django_filters.BooleanFilter) -> YesNoFilter:
    """The same filter (field, lookup, label, method), strict."""
    extra = {key: value for key, value in boolean.extra.items() if key != "widget"}
    return YesNoFilter(
        field_name=boolean.field_name,
        lookup_expr=boolean.lookup_expr,
        label=boolean._label,  # None: the model field's name, as before
        method=boolean.method,
        distinct=boolean.distinct,
        exclude=boolean.exclude,
        **extra,
    )


def _loose(declared) -> bool:
    return isinstance(declared, django_filters.BooleanFilter) and not isinstance(
        declared, YesNoFilter
    )


def _strict(filters: OrderedDict) -> OrderedDict:
    return OrderedDict(
        (name, strict_yes_no(declared) if _loose(declared) else declared)
        for name, declared in filters.items()
    )


class StrictFilterForm(SubmittedInputMixin, forms.Form):
    """A filter set's form: a filter that takes one value but was given more than once
    is an error (REPEATED_FILTER); empty values of a multiple choice are dropped, so that
    `?action=` means "all" as an empty value does for every other filter."""

    repeated_message = REPEATED_FILTER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and isinstance(self.data, QueryDict):
            self.data = self._without_empty_choices(self.data)

    def _without_empty_choices(self, data: QueryDict) -> QueryDict:
        multiple = {
            self.add_prefix(name)
            for name, field in self.fields.items()
            if getattr(field.widget, "allow_multiple_selected", False)
        }
        if not any("" in data.getlist(name) for name in multiple):
            return data
        data = data.copy()
        for name in multiple:
            if name in data:
                data.setlist(name, [value for value in data.getlist(name) if value != ""])
        return data


class StrictFilterSetMixin:
    """For a django-filter FilterSet (first in the bases): every yes/no filter strict
    (those declared, those made from the model's fields, and those its `__init__` adds:
    Wagtail's user listing adds "Active" there), in their order; the form a
    StrictFilterForm."""

    @classmethod
    def get_filters(cls):
        return _strict(super().get_filters())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, declared in list(self.filters.items()):
            if _loose(declared):
                self.filters[name] = strict_yes_no(declared)
                self.filters[name].model = self.queryset.model
                self.filters[name].parent = self

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (StrictFilterForm, form_class), {})


@functools.cache
def strict_filterset(filterset_class: type) -> type:
    """`filterset_class` with StrictFilterSetMixin (itself if it has it already)."""
    if issubclass(filterset_class, StrictFilterSetMixin):
        return filterset_class
    return type(
        f"Strict{filterset_class.__name__}",
        (StrictFilterSetMixin, filterset_class),
        {"__module__": __name__},
    )
