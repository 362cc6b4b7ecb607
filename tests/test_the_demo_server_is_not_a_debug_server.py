"""`make run` serves the demo as a deployment does: scripts/serve.sh runs gunicorn with DEBUG off, so a
wrong address gets the Indonesian 404 page and never Django's technical page (settings, URL patterns); static
files come through WhiteNoise; the task worker beside it is started again when it dies; Ctrl-C stops it all."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.local_server import free_port, get

ROOT = Path(__file__).resolve().parents[1]


def _workers(data_dir: Path) -> set[int]:
    """The task workers started for this test's data directory."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes()
            environment = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"db_worker" in command and f"DAMPINGAN_DATA_DIR={data_dir}".encode() in environment.split(b"\0"):
            found.add(int(proc.name))
    return found


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"not within {seconds} s: {what}")


@pytest.fixture
def demo_server(tmp_path):
    inherited = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
    }
    environment = {**inherited, "DAMPINGAN_DATA_DIR": str(tmp_path), "BIN": str(Path(sys.executable).parent)}
    subprocess.run(
        [sys.executable, "-m", "dampingan", "migrate", "--noinput"], env=environment, check=True, capture_output=True
    )
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        ["bash", str(ROOT / "scripts" / "serve.sh"), "gunicorn", f"127.0.0.1:{port}"],  # noqa: S607
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "serve.log").open("w"),
        start_new_session=True,  # its own process group, as a terminal gives `make run`
    )
    url = f"http://127.0.0.1:{port}"

    try:
        assert get(f"{url}/healthz", wait=60)[0] == 200
        yield url, server, tmp_path
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        for pid in _workers(tmp_path):
            os.kill(pid, signal.SIGKILL)


def test_a_wrong_address_gets_the_indonesian_page_and_no_technical_details(demo_server):
    url, _server, data = demo_server

    status, body = get(f"{url}/alamat-yang-tidak-ada/")

    assert status == 404
    assert "Tidak ditemukan" in body
    for technical in ("URLconf", "urlpatterns", "DEBUG = True", "Django tried these URL patterns"):
        assert technical not in body
    assert get(f"{url}/static/vendor/htmx/htmx.min.js")[0] == 200  # WhiteNoise, from the package
    # ... without WhiteNoise warning a new user at every worker start about a static folder make run never fills
    assert "No directory at" not in (data / "serve.log").read_text()


def test_the_task_worker_is_started_again_when_it_dies_and_ctrl_c_stops_everything(demo_server):
    _url, server, data_dir = demo_server
    (first,) = _wait_for(lambda: _workers(data_dir), 30, "a task worker runs")

    os.kill(first, signal.SIGKILL)

    (second,) = _wait_for(lambda: _workers(data_dir) - {first}, 30, "a new task worker runs")
    assert second != first

    os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends
    # gunicorn lets a worker finish what it is doing for up to its graceful timeout (30 s, gunicorn_conf): a wait of
    # exactly that failed once on a loaded machine (CI at c4d625e).
    server.wait(timeout=60)
    _wait_for(lambda: not _workers(data_dir), 30, "the task worker stops with the server")
