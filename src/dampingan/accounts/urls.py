from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("akun/", views.account, name="account"),
    path("akun/token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_form, name="user_create"),
    path("pengguna/<int:pk>/", views.user_detail, name="user_detail"),
    path("pengguna/<int:pk>/ubah/", views.user_form, name="user_edit"),
    path("audit/", views.audit_log, name="audit_log"),
]
