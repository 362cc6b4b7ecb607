"""`dampingan import-boundaries`: the same plan and service as the page, with the outcome on the console."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dampingan.geo.models import Boundary

from .conftest import BANYURIP, feature, geojson, polygon


def _run(tmp_path, content: bytes, *args: str) -> str:
    path = tmp_path / "batas.geojson"
    path.write_bytes(content)
    out = StringIO()
    call_command("import_boundaries", str(path), "--user", "tkpk", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_imports_and_reports(pekalongan, tmp_path):
    output = _run(tmp_path, geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92))))

    assert "1 regions matched" in output and "Imported 1 boundaries" in output
    assert list(Boundary.objects.values_list("region_id", flat=True)) == [BANYURIP]


def test_dry_run_writes_nothing(pekalongan, tmp_path):
    _run(tmp_path, geojson(feature(BANYURIP, "Banyurip", polygon(109.655, -6.92))), "--dry-run")

    assert not Boundary.objects.exists()


def test_unmatched_features_stop_the_command_unless_skipped(pekalongan, tmp_path):
    content = geojson(
        feature(BANYURIP, "Banyurip", polygon(109.655, -6.92)), feature("33.75.04.1099", "Baru", polygon(109.66, -6.9))
    )

    with pytest.raises(CommandError, match=r"33\.75\.04\.1099 Baru"):
        _run(tmp_path, content)
    assert not Boundary.objects.exists()

    _run(tmp_path, content, "--skip-unmatched")
    assert Boundary.objects.count() == 1


def test_an_unreadable_file_is_a_command_error(pekalongan, tmp_path):
    with pytest.raises(CommandError, match="JSON"):
        _run(tmp_path, b'{"type": ', "--format", "geojson")
