from django.urls import path

from api.embed import views

app_name = "embed"

urlpatterns = [
    path("embed/alliances/", views.alliances, name="alliances"),
    path("embed/alliances.js", views.loader_js, name="loader"),
    path("embed/frame.js", views.frame_js, name="frame-js"),
    path("embed/theme.css", views.theme_css, name="theme-css"),
]
