from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from lokal import wilayah

from dampingan.access.scope import Scope

from .navigation import navigation_for


@lru_cache(maxsize=4)
def deployment_name(code: str) -> str:
    found = wilayah.get_wilayah(code)
    return found.name if found else code


def shell(request: HttpRequest) -> dict[str, object]:
    scope = Scope.for_user(request.user)
    return {
        "deployment_name": deployment_name(settings.DAMPINGAN_REGION),
        "deployment_code": settings.DAMPINGAN_REGION,
        "scope": scope,
        "navigation": navigation_for(scope),
    }
