from django.urls import path

from . import upload_views, views

app_name = "registry"
urlpatterns = [
    path("", views.registry_home, name="home"),
    path("cari/", views.household_search, name="search"),
    path("daftar/", views.household_list, name="list"),
    path("rumah-tangga/<int:pk>/", views.household_detail, name="household"),
    path("rilis/", views.release_list, name="releases"),
    path("rilis/banding/", views.release_diff, name="diff"),
    path("impor/", upload_views.upload_start, name="upload_start"),
    path("impor/templat.xlsx", upload_views.upload_template, name="template"),
    path("impor/<int:pk>/", upload_views.upload_detail, name="upload"),
    path("impor/<int:pk>/petakan/", upload_views.upload_map, name="upload_map"),
    path("impor/<int:pk>/konfirmasi/", upload_views.upload_confirm, name="upload_confirm"),
    path("impor/<int:pk>/laporan.xlsx", upload_views.upload_report, name="upload_report"),
    path("rilis/<int:pk>/setujui/", views.release_approve, name="approve"),
]
