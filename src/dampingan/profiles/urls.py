from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("kelurahan/<str:code>/", views.profile, name="detail"),
]
