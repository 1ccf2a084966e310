"""The workflow API's former addresses, for one release only: every method is redirected
(308) straight to `/workflow-api/v1/pages/<id>/transitions/`, never through another former
address. Mounted at the site's root before the workflow API (cms/urls.py); delete this
module and its line there in the release after.

- `/api/v1/items/<id>/transitions/`: the address under the partner prefix.
- `/workflow-api/v1/items/<id>/transitions/`: the engine called the staged page an "item".
"""

from django.urls import path

from workflows.api import moved_page_transitions

urlpatterns = [
    path(
        "api/v1/items/<int:page_id>/transitions/",
        moved_page_transitions,
        name="moved-from-partner-prefix",
    ),
    path(
        "workflow-api/v1/items/<int:page_id>/transitions/",
        moved_page_transitions,
        name="moved-from-items",
    ),
]
