"""/open-data/: an index of the files and each file under a stable name."""

from datetime import UTC, datetime

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from alliances.opendata.resources import RESOURCES
from alliances.opendata.services import (
    LICENCE,
    LICENCE_URL,
    README_NAME,
    ZIP_NAME,
    file_names,
    open_data_dir,
    title,
    written_stamp,
)
from cms.generation import current_generation
from cms.methods import read_only

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "zip": "application/zip",
}


def _entry(name: str) -> dict:
    path = open_data_dir() / name
    exists = path.is_file()
    stat = path.stat() if exists else None
    return {
        "name": name,
        "exists": exists,
        "size": stat.st_size if stat else None,
        "modified": datetime.fromtimestamp(stat.st_mtime, tz=UTC) if stat else None,
    }


@read_only
def index(request):
    resources = [
        {
            "name": resource.name,
            "description": title(resource),
            "files": [_entry(f"{resource.name}.csv"), _entry(f"{resource.name}.json")],
        }
        for resource in RESOURCES
    ]
    context = {
        "resources": resources,
        "readme": _entry(README_NAME),
        "zip": _entry(ZIP_NAME),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
    }
    context["generated"] = context["zip"]["exists"]
    # Behind what the site shows: the files were written under an older generation of
    # public data (the minute job writes them anew; without a worker they stay behind).
    context["behind"] = context["generated"] and written_stamp() != str(current_generation())
    return render(request, "alliances/open_data/index.html", context)


@read_only
def download(request, name: str):
    if name not in file_names():
        raise Http404(_("There is no open data file of that name."))
    path = open_data_dir() / name
    if not path.is_file():
        return render(request, "alliances/open_data/not_generated.html", {"name": name}, status=404)
    extension = name.rsplit(".", 1)[-1]
    response = FileResponse(
        path.open("rb"), content_type=CONTENT_TYPES[extension], as_attachment=extension == "zip"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
