from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("opd/", views.opd_list, name="opd_list"),
    path("opd/baru/", views.opd_create, name="opd_create"),
    path("opd/impor/", views.opd_import_view, name="opd_import"),
    path("opd/impor/batal/", views.opd_import_cancel, name="opd_import_cancel"),
    path("opd/templat.xlsx", views.opd_template, name="opd_template"),
    path("opd/ekspor.xlsx", views.opd_export, name="opd_export"),
    path("opd/<int:pk>/", views.opd_detail, name="opd_detail"),
    path("opd/<int:pk>/ubah/", views.opd_edit, name="opd_edit"),
]
