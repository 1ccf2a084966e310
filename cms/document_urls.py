"""Wagtail's document addresses (`wagtail.documents.urls`), with the serving route
GET-only: a POST to a document was the CSRF check's 403, which says nothing about the
address; `cms.methods.read_only` answers 405 with `Allow`. The password form of a
restricted document still takes its POST."""

from django.urls import path, re_path
from wagtail.documents.views import serve

from cms.methods import read_only

urlpatterns = [
    re_path(r"^(\d+)/(.*)$", read_only(serve.serve), name="wagtaildocs_serve"),
    path(
        "authenticate_with_password/<int:restriction_id>/",
        serve.authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
]
