"""Who may do what, where, and the record of what was read: the vocabulary every app shares.

This package sits below every app (it imports none of them), so that the region pages, the registry and
the programme apps can all check a capability and filter by scope without importing ``accounts``.
``accounts`` (users, logins, tokens) and ``mentoring`` (assignments) register how a role's regions are
found; see ``scope.register_region_source``.
"""
