"""The kelurahan profile is assembled from sections that other apps contribute.

``baseline``, ``visits`` and ``interventions`` register a provider in their ``AppConfig.ready()``; the
profile view includes each returned section's template with ``section`` in the context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dampingan.lib.sections import PageSections

if TYPE_CHECKING:
    from dampingan.regions.models import Region

PROFILE_SECTIONS: PageSections[Region] = PageSections()
