"""The embeddable alliance list (an iframe page), its stylesheet and scripts, and the loader."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from api.caching import cached_public_value
from api.embed.errors import embed_read_only
from api.embed.forms import BACKGROUND, EmbedForm
from api.embed.selectors import embed_alliances, embed_wanted
from api.filters import empty_parameters
from api.parameters import query_parameter_errors
from cms.query_input import undecodable_query_names


def _origin_allowed(origin: str) -> bool:
    allowed = settings.EMBED_FRAME_ANCESTORS
    return "*" in allowed or origin in allowed


@embed_read_only
@xframe_options_exempt
def alliances(request):
    # A parameter the widget does not read, one given twice, one not sent as UTF-8, or one
    # given empty (`?district=` is neither "every district" nor a district) is named like a
    # bad value, as in the API.
    unknown = query_parameter_errors(
        request.GET,
        frozenset(EmbedForm.base_fields),
        undecodable=undecodable_query_names(request),
    )
    for name, errors in empty_parameters(request.GET, EmbedForm.base_fields).items():
        unknown.setdefault(name, errors)
    form = EmbedForm(request.GET)
    if not form.is_valid() or unknown:
        context = {"form": form, "parameter_errors": unknown}
        return render(request, "embed/invalid.html", context, status=400)
    data = form.cleaned_data
    filters = {name: data[name] for name in ("district", "topic", "age_group", "limit")}
    with translation.override(data["lang"]):
        origin = data["origin"] if data["origin"] and _origin_allowed(data["origin"]) else ""
        context = {
            "lang": data["lang"],
            "target": "_blank" if data["links"] == "blank" else "_top",
            "parent_origin": origin,
            "style_query": f"theme={data['theme']}&accent={data['accent'].lstrip('#')}",
            **form.presentation(),
        }
        if data["view"] == "wanted":
            # Sums over every public alliance: computed once per change of public data.
            context["wanted"] = cached_public_value(
                "embed-wanted", filters, lambda: embed_wanted(**filters)
            )
            context["district"] = form.district_name()
            context["join_url"] = request.build_absolute_uri(reverse("participation:overview"))
            return render(request, "embed/wanted.html", context)
        cards = embed_alliances(**filters)
        context["alliances"] = [(alliance, alliance.get_full_url(request)) for alliance in cards]
        return render(request, "embed/alliances.html", context)


@embed_read_only
@cache_control(max_age=300, public=True)
def theme_css(request):
    form = EmbedForm(request.GET)
    if not form.is_valid():  # a colour refused for contrast falls back to the default
        theme = request.GET.get("theme")
        form = EmbedForm({"theme": theme if theme in BACKGROUND else "light"})
        form.is_valid()
    return render(request, "embed/theme.css", form.presentation(), content_type="text/css")


@embed_read_only
@cache_control(max_age=3600, public=True)
def frame_js(request):
    return render(request, "embed/frame.js", content_type="text/javascript")


@embed_read_only
@cache_control(max_age=300, public=True)
def loader_js(request):
    return render(request, "embed/loader.js", content_type="text/javascript")
