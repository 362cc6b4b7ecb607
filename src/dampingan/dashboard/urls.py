from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("dasbor/", views.dashboard, name="index"),
    path("publik/", views.public_page, name="public"),
]
