from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "dampingan.profiles"
    verbose_name = _("Kelurahan profiles")
