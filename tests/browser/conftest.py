"""Real-browser fixtures: Debian's Chromium driven by Playwright against Django's live server.

Playwright's own browser download is not reachable here, so the tests use /usr/bin/chromium. Without
it they skip, unless DAMPINGAN_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from dampingan.demo.services import DEMO_PASSWORD, load_demo

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("DAMPINGAN_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed but DAMPINGAN_REQUIRE_BROWSER=1: run 'apt-get install chromium'")
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread for as long as the browser
    # lives, and Django refuses ORM calls (the database fixtures' included) from such a thread. Allowed
    # while the browser runs only; subprocesses that run `check --deploy` drop the variable.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the Kota Pekalongan demo committed, so its thread sees the data."""
    load_demo(region_roots=["33.75"], registry_persons=0)
    return live_server


@pytest.fixture
def new_page(browser, demo_site) -> Iterator[Callable[..., object]]:
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="id-ID")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login(new_page, demo_site):
    """``login("lurah.banyurip")`` → a page logged in through the real login form."""

    def do(username: str, width: int = 1280, height: int = 900, password: str = DEMO_PASSWORD):
        page = new_page(width, height)
        page.goto(f"{demo_site.url}/masuk/")
        form = page.locator("main form")
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        return page

    return do


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
