from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "dampingan.demo"
    verbose_name = _("Kota Pekalongan demo")
