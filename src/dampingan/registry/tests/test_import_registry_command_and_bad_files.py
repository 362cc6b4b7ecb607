"""The CLI import and the files that must be refused with a clear message, leaving the database as it was."""

import io
import subprocess
import sys

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dampingan.registry import imports
from dampingan.registry.models import Member, RegistryRelease
from dampingan.registry.services import RegistryImportError
from dampingan.registry.synth import synth_registry
from dampingan.registry.tests.test_registry_validation_rules import GOOD, HEADERS, xlsx


@pytest.fixture
def dtks_file(tmp_path):
    path = tmp_path / "dtks_jenggot.xlsx"
    path.write_bytes(xlsx(GOOD))
    return path


def test_the_command_imports_a_draft_release_and_prints_progress(pekalongan, dtks_file, capsys):
    call_command(
        "import_registry", str(dtks_file), source="dtks", sk="460/12/2025", sk_date=None, user="operator.dinsos"
    )

    out, err = capsys.readouterr()
    assert "Draft release" in out and "2 households" in out
    assert "members" in err and "4/4" in err
    # Every stage in order, the ones without a row count by name.
    stages = ["reading…", "checking…", "households", "families", "members", "indexes"]
    positions = [err.find(stage) for stage in stages]
    assert -1 not in positions and positions == sorted(positions)
    release = RegistryRelease.objects.get()
    assert (release.sk_number, release.status, release.member_count) == ("460/12/2025", "draft", 4)


def test_a_dry_run_reports_errors_with_row_and_column_and_writes_the_report(pekalongan, tmp_path, capsys):
    rows = [list(r) for r in GOOD]
    rows[1][2] = "3.37504E+15"
    path = tmp_path / "kotor.xlsx"
    path.write_bytes(xlsx(rows))
    report = tmp_path / "laporan.xlsx"

    call_command("import_registry", str(path), source="dtks", user="operator.dinsos", dry_run=True, report=report)

    out = capsys.readouterr().out
    assert "kotor.xlsx, baris 3, kolom NIK" in out and "Excel" in out
    assert not RegistryRelease.objects.exists()
    sheet = openpyxl.load_workbook(io.BytesIO(report.read_bytes()))["Data dan masalah"]
    header = [c.value for c in sheet[1]]
    problem = sheet.cell(row=3, column=header.index("Masalah") + 1).value
    assert "NIK" in problem and "error" in problem
    assert sheet.cell(row=3, column=header.index("NIK") + 1).value == "3.37504E+15"


def test_a_dry_run_of_a_good_file_reports_what_it_holds_and_imports_nothing(pekalongan, dtks_file, capsys):
    call_command("import_registry", str(dtks_file), source="dtks", user="operator.dinsos", dry_run=True)

    out = capsys.readouterr().out
    assert f"{dtks_file.name}: 4 rows, 2 households; 0 errors, 0 warnings; 2 households can be imported" in out
    assert "Draft release" not in out
    assert not RegistryRelease.objects.exists()


def test_the_same_file_twice_is_refused(pekalongan, dtks_file):
    call_command("import_registry", str(dtks_file), source="dtks", user="operator.dinsos")
    with pytest.raises(CommandError, match="sudah diimpor"):
        call_command("import_registry", str(dtks_file), source="dtks", user="operator.dinsos")
    assert RegistryRelease.objects.count() == 1


def test_a_user_without_the_import_right_is_refused(pekalongan, dtks_file):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        call_command("import_registry", str(dtks_file), source="dtks", user="pengamat")
    assert not Member.objects.exists()


def test_the_hyphenated_command_name_works_from_the_console():
    result = subprocess.run(
        [sys.executable, "-m", "dampingan", "import-registry", "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "--sk-date" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("kosong.csv", b"", "kosong"),
        ("sandi.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "kata sandi"),
        ("ganti-nama.xlsx", b"NIK;Nama\n3375041503750001;Slamet\n", "bukan buku kerja Excel"),
        ("rusak.xlsx", b"PK\x03\x04 rusak", "tidak dapat dibaca"),
        ("judul.csv", b"NIK,Nama\n", "tidak memiliki baris data"),
    ],
)
def test_files_that_are_not_registry_tables_get_a_clear_message(pekalongan, name, content, expected):
    with pytest.raises(RegistryImportError, match=expected):
        imports.plan_import(content, name)


def test_a_file_over_the_size_limit_is_refused_before_reading(pekalongan, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_MB", 0.001)
    with pytest.raises(RegistryImportError, match="MB"):
        imports.plan_import(xlsx(GOOD), "besar.xlsx")


def test_the_command_line_imports_a_file_over_the_web_uploads_limit(pekalongan, monkeypatch, tmp_path, capsys):
    # A city's whole registry is 200 MB and more as CSV: the web refuses it, the console imports it.
    big = tmp_path / "dtks_kota.csv"
    big.write_text(synth_registry(3000, "33.75", seed=5).write_csv())
    monkeypatch.setattr(imports, "MAX_FILE_MB", big.stat().st_size / 2**20 / 2)  # the file is twice the limit
    with pytest.raises(RegistryImportError, match="MB"):
        imports.plan_import(big.read_bytes(), big.name)

    call_command("import_registry", str(big), source="dtks", user="operator.dinsos")

    assert "Draft release" in capsys.readouterr().out
    assert RegistryRelease.objects.get().member_count > 2900


def test_headers_that_match_nothing_ask_for_a_mapping(pekalongan):
    plan = imports.plan_import(xlsx([["x", "y"]], headers=["Kolom A", "Kolom B"]), "aneh.xlsx")
    assert plan.problems and "Kolom A" in plan.problems[0]
    with pytest.raises(RegistryImportError):
        imports.run_import(None, plan, source="dtks")


def test_a_saved_mapping_rescues_a_renamed_column(pekalongan, persona):
    headers = list(HEADERS)
    headers[2] = "Nomor Identitas"
    plan = imports.plan_import(
        xlsx(GOOD, headers=headers), "dinamai-ulang.xlsx", saved_mapping={"nik": "Nomor Identitas"}
    )

    release = imports.run_import(persona("operator"), plan, source="dtks")

    assert release.member_count == 4


def test_formula_like_cells_stay_text_in_the_error_report(pekalongan):
    csv = 'NIK;Nama;No KK;Kode Desa\nsalah;=HYPERLINK("http://contoh.invalid","klik");3375040101220003;3375041004\n'
    plan = imports.plan_import(csv.encode(), "formula.csv")

    sheet = openpyxl.load_workbook(io.BytesIO(imports.error_report_xlsx(plan)))["Data dan masalah"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("Nama") + 1)
    assert cell.data_type == "s"
    assert cell.value.startswith("=HYPERLINK")
