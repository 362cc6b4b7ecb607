from django.urls import path

from . import lp2kd_views, views

app_name = "reports"
urlpatterns = [
    path("laporan/", views.report_list, name="list"),
    path("laporan/minta/", views.report_request, name="request"),
    path("laporan/<int:pk>/", views.report_detail, name="detail"),
    path("laporan/<int:pk>/telaah/", views.report_review, name="review"),
    path("laporan/<int:pk>/setujui/", views.report_approve, name="approve"),
    path("laporan/<int:pk>/pratinjau/", views.report_preview, name="preview"),
    path("laporan/<int:pk>/selisih/", views.report_difference, name="difference"),
    path("laporan/<int:pk>/berkas/<int:file_pk>/", views.report_file, name="file"),
    path("laporan/<int:pk>/teks-lp2kd/", lp2kd_views.narrative_save, name="lp2kd_narrative"),
]
