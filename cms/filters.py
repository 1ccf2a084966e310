"""Strict yes/no filters for every admin listing (ours and Wagtail's shadowed reports).

Django's NullBooleanField, and Wagtail's All/Yes/No radio buttons, read any value other
than yes or no as "not given": `?live=vielleicht&export=csv` exported every row as if
unfiltered. Here such a value is an error of the filter form.
"""

import functools
from collections import OrderedDict

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect


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


@functools.cache
def strict_filterset(filterset_class: type) -> type:
    """A subclass of `filterset_class` whose every yes/no filter is a YesNoFilter: those
    declared or made from the model's fields, and those its `__init__` adds (Wagtail's
    user listing adds "Active" there). The filters keep their order."""

    def __init__(self, *args, **kwargs):
        filterset_class.__init__(self, *args, **kwargs)
        for name, declared in list(self.filters.items()):
            if _loose(declared):
                self.filters[name] = strict_yes_no(declared)
                self.filters[name].model = self.queryset.model
                self.filters[name].parent = self

    strict = type(
        f"Strict{filterset_class.__name__}",
        (filterset_class,),
        {"__module__": __name__, "__init__": __init__},
    )
    strict.base_filters = OrderedDict(
        (name, strict_yes_no(declared) if _loose(declared) else declared)
        for name, declared in strict.base_filters.items()
    )
    return strict


class StrictWagtailFilterSet(WagtailFilterSet):
    """Wagtail's filter set of a listing made from `list_filter`, its yes/no filters strict."""

    @classmethod
    def filter_for_lookup(cls, field, lookup_type):
        filter_class, params = super().filter_for_lookup(field, lookup_type)
        if filter_class is django_filters.BooleanFilter:
            params["widget"] = YesNoRadioSelect
            return YesNoFilter, params
        return filter_class, params


class StrictListingFiltersMixin:
    """For Wagtail's model and snippet viewsets: every yes/no filter of the listing, declared
    in its filter set or made from `list_filter`, is strict. A listing's download
    (`?revoked=vielleicht&export=csv`) otherwise held every row."""

    def get_index_view_kwargs(self, **kwargs):
        view_kwargs = super().get_index_view_kwargs(**kwargs)
        declared = view_kwargs.get("filterset_class")
        if isinstance(declared, type):
            view_kwargs["filterset_class"] = strict_filterset(declared)
        else:
            view_kwargs["base_filterset_class"] = StrictWagtailFilterSet
        return view_kwargs
