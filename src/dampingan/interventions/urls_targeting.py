"""URLs of the targeting pages (included by urls.py)."""

from django.urls import path

from . import targeting_views

urlpatterns = [
    path("intervensi/sasaran/", targeting_views.targeting_page, name="targeting"),
    path("intervensi/sasaran/unduh/", targeting_views.targeting_export, name="targeting_export"),
]
