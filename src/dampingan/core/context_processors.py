from functools import lru_cache

from django.http import HttpRequest
from lokal import wilayah

from dampingan.access.requests import scope_of
from dampingan.lib import deployment

from .navigation import navigation_for


@lru_cache(maxsize=4)
def deployment_name(code: str) -> str:
    found = wilayah.get_wilayah(code)
    return found.name if found else code


def shell(request: HttpRequest) -> dict[str, object]:
    scope = scope_of(request)
    return {
        "deployment_name": deployment_name(deployment.code()),
        "deployment_code": deployment.code(),
        "scope": scope,
        "navigation": navigation_for(scope),
    }
