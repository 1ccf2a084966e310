"""Admin page "Einbetten": pick filters and presentation, preview, copy the snippet."""

from urllib.parse import urlencode

from django.template.response import TemplateResponse
from django.urls import reverse

from api.embed.forms import EmbedForm

SNIPPET_FIELDS = (
    "view",
    "district",
    "topic",
    "age_group",
    "limit",
    "lang",
    "theme",
    "accent",
    "links",
)


def embed_builder(request):
    form = EmbedForm(request.GET if request.GET else None)
    base = request.build_absolute_uri("/").rstrip("/")
    params = {}
    if form.is_bound and form.is_valid():
        defaults = {name: EmbedForm.base_fields[name].initial for name in SNIPPET_FIELDS}
        params = {
            name: str(form.cleaned_data[name]).lstrip("#")
            for name in SNIPPET_FIELDS
            if form.cleaned_data[name] not in ("", None, defaults[name])
        }
    attributes = "".join(
        f' data-{name.replace("_", "-")}="{value}"' for name, value in params.items()
    )
    query = urlencode(params)
    widget_url = f"{base}{reverse('embed:alliances')}" + (f"?{query}" if query else "")
    snippet = (
        f'<script src="{base}{reverse("embed:loader")}"{attributes} async></script>\n'
        f'<noscript><iframe src="{widget_url}" title="Arnsberger Allianzen" '
        f'style="width:100%;height:40rem;border:0"></iframe></noscript>'
    )
    preview_valid = not form.is_bound or form.is_valid()
    return TemplateResponse(
        request,
        "embed/admin/builder.html",
        {"form": form, "snippet": snippet, "preview_url": widget_url, "valid": preview_valid},
    )
