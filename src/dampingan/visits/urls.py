from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("kelurahan/<str:code>/kunjungan/", views.visit_list, name="visit_list"),
    path("kelurahan/<str:code>/kunjungan/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("kelurahan/<str:code>/kunjungan/<int:pk>/foto/<int:photo_pk>/", views.visit_photo, name="visit_photo"),
    path("kelurahan/<str:code>/laporan-bulanan/", views.report_months, name="report_months"),
    path("kelurahan/<str:code>/laporan-bulanan/<int:year>-<int:month>/", views.report_detail, name="report_detail"),
    path(
        "kelurahan/<str:code>/laporan-bulanan/<int:year>-<int:month>/telaah/", views.report_review, name="report_review"
    ),
    path("kelurahan/<str:code>/tim/", views.team, name="team"),
    path("kelurahan/<str:code>/tim/<int:pk>/akhiri/", views.team_end, name="team_end"),
    path("laporan-bulanan/", views.review_queue, name="review_queue"),
]
