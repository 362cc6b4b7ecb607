from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "dampingan.geo"
    verbose_name = _("Boundaries and maps")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from .models import BoundaryFile

        # The file record names who imported what; the geometries themselves are too large for the log
        # and are kept, with their checksum, in the stored file.
        auditlog.register(BoundaryFile)
