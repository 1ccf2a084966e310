"""The workflow API's former address under the partner prefix (`/api/v1/items/…`), for one
release only: every method is redirected (308) to `/workflow-api/v1/`. Delete this module
and its line in cms/urls.py in the release after."""

from django.urls import path

from workflows.api import moved_item_transitions

urlpatterns = [
    path(
        "<int:page_id>/transitions/",
        moved_item_transitions,
        name="moved-item-transitions",
    ),
]
