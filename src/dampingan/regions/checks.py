"""System checks for the deployment's region (ids dampingan.E001-E002)."""

from django.core.checks import Error, register
from lokal import wilayah

from dampingan.lib import deployment


@register()
def check_deployment_region(app_configs, **kwargs):
    code = deployment.code()
    found = wilayah.get_wilayah(code) if code.count(".") == 1 else None
    if found is None or found.level != 2:
        return [
            Error(
                f"DAMPINGAN_REGION={code!r} is not a Kemendagri kabupaten/kota code.",
                hint="Use a dotted two-part code such as 33.75 (Kota Pekalongan) or 33.26 (Kabupaten Pekalongan).",
                id="dampingan.E001",
            )
        ]
    return []
