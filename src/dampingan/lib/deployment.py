"""The kabupaten/kota this deployment serves (``settings.DAMPINGAN_REGION``), and what lies inside it.

A region inside it has a code that starts with the kab/kota's code and a dot (``33.75.`` for Kota
Pekalongan); the kab/kota itself is not inside. Every check of belonging goes through here.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q


def code() -> str:
    """The Kemendagri code of the kab/kota (``33.75``)."""
    return str(settings.DAMPINGAN_REGION)


def holds(region_code: str) -> bool:
    """Whether ``region_code`` is a kecamatan or village of the kab/kota."""
    return region_code.startswith(f"{code()}.")


def inside(lookup: str) -> Q:
    """A filter keeping the rows whose region code (``lookup``, a field or a path to one) lies inside."""
    return Q(**{f"{lookup}__startswith": f"{code()}."})
