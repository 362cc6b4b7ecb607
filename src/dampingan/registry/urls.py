from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.registry_home, name="home"),
    path("cari/", views.household_search, name="search"),
    path("rumah-tangga/<int:pk>/", views.household_detail, name="household"),
    path("rilis/", views.release_list, name="releases"),
    path("rilis/<int:pk>/setujui/", views.release_approve, name="approve"),
]
