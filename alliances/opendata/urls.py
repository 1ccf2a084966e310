from django.urls import path

from alliances.opendata import views

app_name = "open_data"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:name>", views.download, name="file"),
]
