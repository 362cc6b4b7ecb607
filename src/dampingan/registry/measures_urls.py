from django.urls import path

from . import measures_views

app_name = "measures"
urlpatterns = [
    path("", measures_views.measures_page, name="index"),
    path("fgt/", measures_views.fgt_page, name="fgt"),
]
