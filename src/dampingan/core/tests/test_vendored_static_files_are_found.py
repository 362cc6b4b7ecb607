import pytest
from django.contrib.staticfiles import finders


@pytest.mark.parametrize(
    "path",
    [
        "vendor/htmx/htmx.min.js",
        "vendor/htmx/LICENSE",
        "vendor/pico/pico.min.css",
        "vendor/pico/LICENSE.md",
        "css/app.css",
    ],
)
def test_static_file_referenced_by_the_layout_is_found(path):
    assert finders.find(path), f"{path} is not found by the static files finders"
