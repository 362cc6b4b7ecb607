"""Talking to a server a test started on this machine (gunicorn, runserver): a free port; a GET and a JSON POST
that answer with the status and body whatever the status, the GET waiting a while for the server if asked."""

from __future__ import annotations

import json
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


def post(url: str, body: dict, token: str) -> tuple[int, str]:
    """``(status, body)`` of a JSON POST to a loopback API ``url`` with a bearer ``token``."""
    request = urllib.request.Request(  # noqa: S310 (a loopback URL)
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
