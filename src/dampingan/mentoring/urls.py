from django.urls import path

from . import decree_views, matcher_views, views

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
    path("penugasan/", decree_views.mapping, name="mapping"),
    path("penugasan/pencocokan/", matcher_views.matcher, name="matcher"),
    path("penugasan/pencocokan/sk/", matcher_views.matcher_draft, name="matcher_draft"),
    path("penugasan/pengaturan/", decree_views.programme_settings, name="programme_settings"),
    path("penugasan/sk/baru/", decree_views.decree_edit, name="decree_create"),
    path("penugasan/sk/<int:pk>/", decree_views.decree_detail, name="decree_detail"),
    path("penugasan/sk/<int:pk>/ubah/", decree_views.decree_edit, name="decree_edit"),
    path("penugasan/sk/<int:pk>/impor/", decree_views.decree_import_lines, name="decree_import"),
    path("penugasan/sk/<int:pk>/tandatangani/", decree_views.decree_sign, name="decree_sign"),
    path("penugasan/sk/<int:pk>/sk.pdf", decree_views.decree_pdf, name="decree_pdf"),
]
