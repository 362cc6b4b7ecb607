"""Dampingan tells polars' allocator to give freed memory back at once (dampingan/__init__.py): a
million-row import then peaks at 1.2 GB instead of 1.7 GB (bench/RESULTS.md). polars reads the setting when
it is first imported and puts it after its own defaults; these tests check that ours comes last."""

import os
import subprocess
import sys

PROBE = "import dampingan, polars, os; print(os.environ['_RJEM_MALLOC_CONF'])"


def allocator_settings(**extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"} | extra
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return result.stdout.strip()


def test_freed_memory_is_returned_at_once():
    assert allocator_settings().endswith(",dirty_decay_ms:0,muzzy_decay_ms:0")


def test_an_operators_own_setting_wins():
    assert allocator_settings(_RJEM_MALLOC_CONF="dirty_decay_ms:250").endswith(",dirty_decay_ms:250")
