"""URLs of the meeting pages (included by coordination/urls.py)."""

from django.urls import path

from . import meeting_views as views

urlpatterns = [
    path("rapat/", views.meeting_list, name="meeting_list"),
    path("rapat/baru/", views.meeting_create, name="meeting_create"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("rapat/<int:pk>/daftar-hadir/", views.meeting_attendance, name="meeting_attendance"),
    path("rapat/<int:pk>/notulen/", views.meeting_minutes, name="meeting_minutes"),
    path("rapat/<int:pk>/keputusan/baru/", views.decision_create, name="decision_create"),
    path("rapat/keputusan/<int:pk>/ubah/", views.decision_edit, name="decision_edit"),
    path("rapat/<int:pk>/lampiran/", views.attachment_upload, name="attachment_upload"),
    path("rapat/<int:pk>/lampiran/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("rapat/<int:pk>/lampiran/<int:attachment_pk>/hapus/", views.attachment_delete, name="attachment_delete"),
    path("rapat/<int:pk>/daftar-hadir.pdf", views.meeting_attendance_pdf, name="meeting_attendance_pdf"),
    path("rapat/<int:pk>/notulen.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("rapat/<int:pk>/rapat.ics", views.meeting_ics, name="meeting_ics"),
]
