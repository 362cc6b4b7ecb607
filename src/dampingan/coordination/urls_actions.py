"""URLs of the action items and the TKPK structure (included by urls.py)."""

from django.urls import path

from . import action_views, tkpk_views

urlpatterns = [
    path("tindak-lanjut/", action_views.action_item_list, name="action_item_list"),
    path("tindak-lanjut/<int:pk>/", action_views.action_item_detail, name="action_item_detail"),
    path("tindak-lanjut/<int:pk>/ubah/", action_views.action_item_edit, name="action_item_edit"),
    path("keputusan/<int:decision_pk>/tindak-lanjut/baru/", action_views.action_item_create, name="action_item_create"),
    path("tkpk/", tkpk_views.tkpk_team, name="tkpk_team"),
    path("tkpk/periode/<int:pk>/", tkpk_views.tkpk_team_period, name="tkpk_team_period"),
    # One name, two paths: without a pk a new period, with one a correction of that team.
    path("tkpk/baru/", tkpk_views.tkpk_team_edit, name="tkpk_team_edit"),
    path("tkpk/periode/<int:pk>/ubah/", tkpk_views.tkpk_team_edit, name="tkpk_team_edit"),
]
