"""The SQL reader takes rows out of INSERT statements by parsing them; nothing of the file runs."""

import pytest

from dampingan.geo.sql_inserts import SqlReadError, insert_rows

COLUMNS = ["kode", "nama", "lat", "lng", "path", "status"]


def test_rows_of_multi_row_inserts_with_quotes_escapes_and_comments_are_read_in_order():
    text = """-- a line comment; with a semicolon
    # a MySQL comment 'with a quote
    /* a block comment; INSERT INTO wilayah_boundaries VALUES ('no') */
    DELETE FROM wilayah_boundaries WHERE kode LIKE '33.75.%' AND LENGTH(kode)=13;
    INSERT INTO `wilayah_boundaries` (`kode`,`nama`,`lat`,`lng`,`path`) VALUES
      ('33.75.01.1002','Ma\\'u; ''Baru''',-6.9,109.66,'[[[-6.9,109.6]]]'),
      ('33.75.01.1003', 'Tab\\there', NULL, 1e2, '[]');
    INSERT INTO other_table VALUES (1);
    """

    rows = list(insert_rows(text, "wilayah_boundaries", COLUMNS))

    assert [r.table for r in rows] == ["wilayah_boundaries", "wilayah_boundaries"]
    first, second = rows[0].values, rows[1].values
    assert first["nama"] == "Ma'u; 'Baru'"
    assert first["lat"] == -6.9 and first["lng"] == 109.66
    assert first["path"] == "[[[-6.9,109.6]]]"
    assert second == {"kode": "33.75.01.1003", "nama": "Tab\there", "lat": None, "lng": 100.0, "path": "[]"}
    assert rows[0].line == 6 and rows[1].line == 7  # other_table's row of one value is skipped, not an error


def test_an_insert_without_a_column_list_takes_the_default_columns_in_order():
    text = "INSERT INTO db.wilayah_boundaries VALUES ('33.75','Kota',1,2,'[]',1)"

    rows = list(insert_rows(text, "wilayah_boundaries", COLUMNS))

    assert rows[0].values["status"] == 1 and rows[0].values["nama"] == "Kota"


def test_an_insert_ignore_into_a_schema_s_table_with_a_column_list_is_read():
    text = "INSERT LOW_PRIORITY IGNORE INTO db.WILAYAH_BOUNDARIES (KODE, nama) VALUES ('33.75', 'Kota'), ('33.76', 'X')"

    rows = list(insert_rows(text, "wilayah_boundaries", COLUMNS))

    assert [(r.table, r.values) for r in rows] == [
        ("WILAYAH_BOUNDARIES", {"kode": "33.75", "nama": "Kota"}),
        ("WILAYAH_BOUNDARIES", {"kode": "33.76", "nama": "X"}),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "line"),
    [
        ("INSERT INTO t(a) VALUES\n('never closed", "unclosed_text", 2),
        ("INSERT INTO t(a) VALUES (1);\n/* open", "unclosed_comment", 2),
        ("INSERT INTO t(a) VALUES\n\n(load_file('/etc/passwd'))", "not_literal", 3),
        ("INSERT INTO t(a) SELECT password FROM users", "no_values", 1),
        ("INSERT INTO t(a, b) VALUES\n(1, 2),\n(3)", "arity", 3),
        ("INSERT INTO t(a) VALUES (1", "truncated", 1),
        ("INSERT INTO t(a b) VALUES (1)", "expected", 1),
        ("INSERT INTO t(a) VALUES\n(1 2)", "expected", 2),
        ("INSERT INTO t(a,) VALUES (1)", "expected", 1),
    ],
)
def test_broken_or_executable_sql_is_refused_with_its_line(text, kind, line):
    with pytest.raises(SqlReadError) as caught:
        list(insert_rows(text, "t", COLUMNS))

    assert caught.value.kind == kind
    assert caught.value.line == line
