from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from dampingan.access.requests import SignedInRequest
from dampingan.regions.models import Region
from dampingan.regions.queries import visible_regions

from . import queries
from .sections import PROFILE_SECTIONS


def visible_kelurahan(request: SignedInRequest, code: str) -> Region:
    """The kelurahan (or desa) ``code`` if the user may open it; 404 otherwise, as for every scoped record."""
    region = visible_regions(request.scope).villages().select_related("parent").filter(code=code).first()
    if region is None:
        raise Http404("kelurahan outside the scope")
    return region


@login_required
def profile(request: SignedInRequest, code: str) -> HttpResponse:
    """The page a mentor opens first: registry situation, mentoring OPD and team, problems, potentials."""
    kelurahan = visible_kelurahan(request, code)
    context = {
        "active_nav": "regions",
        "kelurahan": kelurahan,
        **queries.registry_situation(request.scope, kelurahan),
        **queries.mentoring_of(kelurahan),
        "sections": PROFILE_SECTIONS.for_object(request, kelurahan),
    }
    return render(request, "profiles/profile.html", context)
