from django.urls import path

from . import views

app_name = "geo"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("batas-wilayah/", views.boundaries_page, name="boundaries"),
]
