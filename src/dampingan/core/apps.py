from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "dampingan.core"
    verbose_name = _("Common pages")

    def ready(self) -> None:
        from .text_fields import strip_bidi_controls

        pre_save.connect(strip_bidi_controls, dispatch_uid="dampingan.core.strip_bidi_controls")
