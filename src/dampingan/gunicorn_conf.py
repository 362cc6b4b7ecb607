"""The documented gunicorn configuration (docs/deploy.md): ``gunicorn -c python:dampingan.gunicorn_conf``.

Each value can be overridden on the command line or with ``GUNICORN_*`` variables. Why these values:

- threaded workers (``gthread``): a request mostly waits on the database, so threads serve the waiting
  time of others; a process per core plus one keeps both cores busy when one request computes in Python;
- ``timeout`` 30 s: a request still running then is killed; the web process's database statements stop
  earlier (``DAMPINGAN_WEB_STATEMENT_TIMEOUT``, 25 s, settings.py), so a killed request leaves no query
  running on in PostgreSQL;
- workers restart after about 2,000 requests: polars and the XLSX writers keep freed memory for a while,
  and a fresh process returns it.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200


def post_worker_init(worker: object) -> None:
    """Load the URLconf and with it every view before the worker takes its first request: otherwise the first user
    of each started (or, after ``max_requests``, restarted) worker waits about a second for the imports
    (bench/RESULTS.md, the lived-in demo's page set)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the attribute loads the modules)
