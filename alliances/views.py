"""The site's search over all four kinds of programme pages."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from alliances.models import (
    AllianceIndexPage,
    AlliancePage,
    NeedIndexPage,
    NeedPage,
    OpportunityIndexPage,
    OpportunityPage,
    ServiceIndexPage,
    ServicePage,
)
from alliances.search import PublicFilterForm, public_results
from cms.methods import read_only
from cms.query_input import single_valued_query
from cms.visibility import public_pages

# In the order a citizen looks for them; each section links to its index page's full list.
SECTIONS = (
    (AlliancePage, AllianceIndexPage, _("Alliances")),
    (ServicePage, ServiceIndexPage, _("Services")),
    (NeedPage, NeedIndexPage, _("Needs")),
    (OpportunityPage, OpportunityIndexPage, _("Opportunities")),
)
PER_SECTION = 5


@read_only
def search(request):
    form = PublicFilterForm.for_request(request)
    sections = []
    if form.choices:
        indexes = {page.specific_class: page for page in _index_pages()}
        for model, index_model, label in SECTIONS:
            index = indexes.get(index_model)
            if index is None:
                continue
            results = public_results(model, parent=index, choices=form.choices)
            items = list(results[:PER_SECTION])  # first: a search then knows its count
            sections.append(
                {
                    "label": label,
                    "count": results.count() if items else 0,
                    "items": items,
                    # With the request: Wagtail reads the site's root paths once for
                    # the page (the cards' `pageurl` too), not from the cache per section.
                    "more_url": f"{index.get_url(request)}?{form.query_string()}",
                }
            )
    context = {
        "filter_form": form,
        "search_query": form.choices.get("q", ""),
        "sections": sections,
        "total": sum(section["count"] for section in sections),
    }
    return render(request, "alliances/search.html", context)


def _index_pages():
    """The public index pages, as base pages: a section needs only their place in the
    tree, their address and their type (one query, not one more per type)."""
    index_models = [index for _model, index, _label in SECTIONS]
    return public_pages(Page.objects.type(*index_models))


@read_only
@single_valued_query("zeige")
def districts(request):
    """The district overview (alliances/districts.py); `?zeige=allianzen` shades by active
    alliances instead of open needs."""
    from alliances.districts import district_overview

    measure = "alliances" if request.GET.get("zeige") == "allianzen" else "needs"
    return render(
        request, "alliances/districts.html", {"overview": district_overview(measure=measure)}
    )
