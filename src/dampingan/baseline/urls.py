from django.urls import path

from . import views

app_name = "baseline"
urlpatterns = [
    path("kelurahan/<str:code>/masalah/", views.problem_list, name="problem_list"),
    path("kelurahan/<str:code>/masalah/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("kelurahan/<str:code>/masalah/<int:pk>/ubah/", views.problem_edit, name="problem_edit"),
    path("kelurahan/<str:code>/masalah/<int:pk>/pemantauan/", views.problem_update, name="problem_update"),
    path("kelurahan/<str:code>/masalah/<int:pk>/komentar/", views.problem_comment, name="problem_comment"),
    path("kelurahan/<str:code>/potensi/", views.potential_list, name="potential_list"),
    path("kelurahan/<str:code>/potensi/<int:pk>/", views.potential_detail, name="potential_detail"),
    path("kelurahan/<str:code>/potensi/<int:pk>/ubah/", views.potential_edit, name="potential_edit"),
    path("kelurahan/<str:code>/potensi/<int:pk>/pemantauan/", views.potential_update, name="potential_update"),
    path("kelurahan/<str:code>/potensi/<int:pk>/komentar/", views.potential_comment, name="potential_comment"),
    path("kelurahan/<str:code>/masalah-potensi.xlsx", views.export_kelurahan, name="export_kelurahan"),
    path("pemetaan/", views.mapping, name="mapping"),
    path("pemetaan/masalah-potensi.xlsx", views.export_all, name="export_all"),
]
