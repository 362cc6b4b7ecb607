"""Dampingan: the poverty-reduction programme system of a kabupaten/kota."""

import os

# polars' allocator (jemalloc) keeps memory it has freed for a second or more before giving it back to the
# system, so a million-row registry import peaked at 1.7 GB where it needed 1.2 GB (bench/RESULTS.md), on
# a server that also runs the web app and PostgreSQL. Returned at once, the import is about 15 % slower.
# polars reads this variable when it is first imported, after its own defaults, so it must be set before;
# every Dampingan process imports this package first. An operator's own setting is kept.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:0,muzzy_decay_ms:0")
