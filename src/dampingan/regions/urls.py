from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("nama-lain/", views.aliases, name="aliases"),
    path("nama-lain/<int:pk>/hapus/", views.alias_delete, name="alias_delete"),
    path("<str:code>/", views.region_detail, name="detail"),
    path("<str:code>/kantor/", views.office_edit, name="office_edit"),
]
