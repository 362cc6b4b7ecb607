"""URLs of the interventions and partner pages (included by urls.py)."""

from django.urls import path

from . import partner_views, views

urlpatterns = [
    path("intervensi/", views.intervention_list, name="intervention_list"),
    path("intervensi/baru/", views.intervention_create, name="intervention_create"),
    path("intervensi/<int:pk>/", views.intervention_detail, name="intervention_detail"),
    path("intervensi/<int:pk>/ubah/", views.intervention_edit, name="intervention_edit"),
    path("intervensi/<int:pk>/status/", views.intervention_status, name="intervention_status"),
    path("intervensi/<int:pk>/anggaran/", views.intervention_budget, name="intervention_budget"),
    path("intervensi/<int:pk>/anggaran/<int:line_pk>/", views.budget_line_edit, name="budget_line_edit"),
    path("intervensi/<int:pk>/kemajuan/", views.intervention_progress, name="intervention_progress"),
    path(
        "intervensi/<int:pk>/kemajuan/<int:report_pk>/lampiran/",
        views.progress_attachment,
        name="progress_attachment",
    ),
    path("mitra/", partner_views.partner_list, name="partner_list"),
    path("mitra/baru/", partner_views.partner_create, name="partner_create"),
    path("mitra/<int:pk>/", partner_views.partner_detail, name="partner_detail"),
    path("mitra/<int:pk>/ubah/", partner_views.partner_edit, name="partner_edit"),
    path("mitra/<int:pk>/janji/<int:pledge_pk>/terpenuhi/", partner_views.pledge_fulfil, name="pledge_fulfil"),
]
