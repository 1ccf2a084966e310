from django.urls import path

from workflows import views

app_name = "workflows"
urlpatterns = [
    path("items/<int:page_id>/transition/<str:name>/", views.transition_view, name="transition"),
    path("diagrams/", views.diagrams_view, name="diagrams"),
]
