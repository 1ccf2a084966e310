from django.urls import path

from workflows import views

app_name = "stage_steps"  # not "workflows": Wagtail's moderation workflows are near
urlpatterns = [
    path("pages/<int:page_id>/transition/<str:name>/", views.transition_view, name="transition"),
    path("pages/<int:page_id>/assignee/", views.assignee_view, name="assignee"),
    path("diagrams/", views.diagrams_view, name="diagrams"),
]
