"""/open-data/: an index of the files and each file under a stable name."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from alliances.opendata.resources import RESOURCES
from alliances.opendata.selectors import file_entry, open_data_state
from alliances.opendata.services import (
    LICENCE,
    LICENCE_URL,
    README_NAME,
    file_names,
    open_data_dir,
    title,
)
from cms.methods import read_only

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}


@read_only
def index(request):
    state = open_data_state()
    counts = state.counts or {}
    resources = [
        {
            "name": resource.name,
            "description": title(resource),
            "files": [file_entry(f"{resource.name}.csv"), file_entry(f"{resource.name}.json")],
            "count": counts.get(resource.name),  # None: not known
        }
        for resource in RESOURCES
    ]
    context = {
        "resources": resources,
        "readme": file_entry(README_NAME),
        "zip": state.zip,
        "generated": state.generated,
        "behind": state.behind,
        "state": state,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    }
    return render(request, "alliances/open_data/index.html", context)


@read_only
def download(request, name: str):
    if name not in file_names():
        raise Http404(_("There is no open data file of that name."))
    path = open_data_dir() / name
    if not path.is_file():
        context = {"name": name, "state": open_data_state()}
        return render(request, "alliances/open_data/not_generated.html", context, status=404)
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[extension], as_attachment=extension == "zip"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
