from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dampingan.api"
    verbose_name = "API"
