"""The kelurahan profile is assembled from sections that other apps contribute.

Each app that adds to the profile has a module with ``section(request, kelurahan) -> ProfileSection |
None`` and names it in ``SECTION_PROVIDERS``. The profile view calls them in order and includes each
section's template with ``section`` (the dataclass) in the context. A provider returns None to stay out
(for instance when the user may not see its records).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dampingan.regions.models import Region

SECTION_PROVIDERS = (
    "dampingan.baseline.profile",
    "dampingan.visits.profile",
    "dampingan.interventions.profile",
)


@dataclass
class ProfileSection:
    key: str  # the HTML id of the section
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def sections_for(request: HttpRequest, kelurahan: Region) -> list[ProfileSection]:
    sections = []
    for path in SECTION_PROVIDERS:
        try:
            provider = import_module(path)
        except ModuleNotFoundError as exc:
            if exc.name is None or not path.startswith(exc.name):
                raise  # a real import error inside the provider, not a provider that is absent
            continue
        section = provider.section(request, kelurahan)
        if section is not None:
            sections.append(section)
    return sections
