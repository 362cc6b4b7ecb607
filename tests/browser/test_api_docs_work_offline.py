"""/api/docs works on a Pemda server with no internet: the Swagger page loads its script, styles and
icons from django-ninja's own static files, never from a CDN, and runs under the normal Content-Security-Policy
(no longer exempt) without a violation."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_the_swagger_page_renders_without_leaving_the_server(login, demo_site):
    page = login("tkpk")
    server = urlsplit(demo_site.url).netloc
    left_the_server: list[str] = []
    violations: list[str] = []

    def keep_it_local(route, request):
        if urlsplit(request.url).scheme in ("data", "blob") or urlsplit(request.url).netloc == server:
            route.continue_()
        else:
            left_the_server.append(request.url)
            route.abort()

    page.route("**/*", keep_it_local)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )

    response = page.goto(f"{demo_site.url}/api/docs")

    assert response.status == 200
    page.locator(".opblock").first.wait_for(timeout=15_000)
    assert page.locator(".opblock").count() > 10
    assert "Dampingan API" in page.locator(".information-container .title").inner_text()
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    page.wait_for_load_state("networkidle")
    assert left_the_server == []
    assert violations == []


def test_django_ninja_ships_the_swagger_files_the_server_serves(demo_site):
    from urllib.request import urlopen

    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-init.js"):
        with urlopen(f"{demo_site.url}/static/ninja/{name}") as answer:  # noqa: S310 - the local live server
            assert answer.status == 200, name
