"""Talking to a server a test started on this machine (gunicorn, runserver): a free port, and a GET that answers
with the status and body whatever the status, waiting a while for the server to come up if asked."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, *, wait: float = 0) -> tuple[int, str]:
    """``(status, body)`` of a GET to a loopback ``url``; while nothing listens yet, retried for ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a loopback URL)
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
