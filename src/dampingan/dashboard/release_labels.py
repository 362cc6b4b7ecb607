"""How the pages name the registry release their figures come from."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dampingan.registry.models import RegistryRelease


def release_label(release: RegistryRelease | None) -> str:
    """The release's source, SK number and date ("DTKS (Kemensos, SIKS-NG), SK DEMO/DTKS/2025 of 4 April
    2025"); "" without a release."""
    if release is None:
        return ""
    if not release.sk_number:
        return release.get_source_display()
    return _("%(source)s, SK %(sk)s of %(date)s") % {
        "source": release.get_source_display(),
        "sk": release.sk_number,
        "date": date_format(release.sk_date, "j F Y") if release.sk_date else "—",
    }
