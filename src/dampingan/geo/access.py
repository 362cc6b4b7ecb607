"""Who may change the boundaries. Reading maps needs no capability: they show aggregates only."""

from dampingan.access.roles import Capability

# Boundaries are the city's reference data and change what every role's map shows: the TKPK admin alone.
IMPORT_BOUNDARIES = Capability.MANAGE_BOUNDARIES
