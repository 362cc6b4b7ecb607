from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("indikator/", views.index, name="index"),
    # Literal paths before "<code>/": an indicator code never takes these names.
    path("indikator/isi/", views.entry, name="entry"),
    path("indikator/impor/", views.import_figures, name="import"),
    path("indikator/impor/templat/", views.import_template, name="import_template"),
    path("indikator/setujui/", views.approve, name="approve"),
    path("indikator/<str:code>/", views.series, name="series"),
    path("indikator/<str:code>/unduh.csv", views.series_csv, name="series_csv"),
]
