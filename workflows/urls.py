from django.urls import path

from workflows.api import ItemTransitionsView

urlpatterns = [
    path(
        "api/v1/items/<int:page_id>/transitions/",
        ItemTransitionsView.as_view(),
        name="item-transitions",
    ),
]
