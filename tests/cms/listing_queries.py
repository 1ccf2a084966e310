"""What the listing and report tests send: a filter's parameters, an invalid query."""

from django import forms

from cms.form_input import parameter_names

# What the page says of invalid filters, in German.
FILTERS_NOT_VALID = "Die Filter sind ungültig, daher werden keine Zeilen angezeigt."
# … and of other invalid details (the page, the search, the sort order, the layout).
DETAILS_NOT_VALID = "Die Angaben sind ungültig, daher werden keine Zeilen angezeigt."
GIVEN_TWICE = "Dieser Filter wurde mehrfach angegeben. Bitte wählen Sie nur einen Wert."
JUNK = "kein-Wert"  # not valid for a choice, a date, a number or a yes/no


def invalid_query(view) -> dict[str, str] | None:
    """A query with an invalid value for the listing's first filter that is not a text
    (any text is valid); None if it has none."""
    for name, field in view.filters.form.fields.items() if view.filters else ():
        if not isinstance(field, forms.CharField):
            return {parameter_names(name, field)[0]: JUNK}
    return None
