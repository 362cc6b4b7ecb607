"""URLs of the beneficiaries pages (included by urls.py)."""

from django.urls import path

from . import beneficiary_views

urlpatterns = [
    path("intervensi/<int:pk>/penerima/", beneficiary_views.beneficiary_list, name="beneficiary_list"),
    path("intervensi/<int:pk>/penerima/tambah/", beneficiary_views.beneficiary_add, name="beneficiary_add"),
    path("intervensi/<int:pk>/penerima/impor/", beneficiary_views.beneficiary_import, name="beneficiary_import"),
    path(
        "intervensi/<int:pk>/penerima/<int:beneficiary_pk>/",
        beneficiary_views.beneficiary_detail,
        name="beneficiary_detail",
    ),
]
