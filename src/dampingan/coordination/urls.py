"""Each area of the app has its own URL module: meetings (with decisions and printables) and action items
with the TKPK structure."""

from django.urls import include, path

app_name = "coordination"
urlpatterns = [
    path("", include("dampingan.coordination.urls_meetings")),
    path("", include("dampingan.coordination.urls_actions")),
]
