"""Query results as polars frames, fast on both databases: on PostgreSQL one CSV stream through
``COPY (query) TO STDOUT`` (no Python object per cell), on SQLite through the cursor.

Used by the readers that load a whole release at once (measures, targeting): a city-wide registry is a
million rows, which the ORM would turn into a million model instances.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

import polars as pl
from django.db import connection

if TYPE_CHECKING:
    from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations


def query_frame(sql: str, params: Sequence[Any], schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """The rows of ``sql`` as a frame with ``schema``, in the order of the SELECT. Boolean columns must be
    selected as 0/1 integers (the CSV stream and SQLite both give numbers)."""
    booleans = [name for name, dtype in schema.items() if dtype == pl.Boolean]
    read_schema = {name: (pl.Int8 if name in booleans else dtype) for name, dtype in schema.items()}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's own quoting, which only PostgreSQL's operations have.
            statement = cast("PostgresOperations", connection.ops).compose_sql(sql, params)
            buffer = io.BytesIO()
            with cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            if buffer.tell():
                buffer.seek(0)
                frame = pl.read_csv(buffer, has_header=False, schema=read_schema)
            else:
                frame = pl.DataFrame(schema=read_schema)
        else:
            cursor.execute(sql, params)
            frame = pl.DataFrame(cursor.fetchall(), schema=read_schema, orient="row")
    return frame.with_columns(pl.col(booleans).cast(pl.Boolean))


def in_clause(column: str, values: Collection[str] | None) -> tuple[str, list[str]]:
    """``" AND column IN (%s, ...)"`` and its parameters; nothing when ``values`` is None (no filter), and
    a clause that matches no row when it is empty."""
    if values is None:
        return "", []
    codes = sorted(values)
    if not codes:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(codes))})", codes


def in_ids(column: str, ids: Collection[int]) -> tuple[str, list[object]]:
    """``" AND column IN (ids)"`` as one parameter, however many ids: an array on PostgreSQL, a JSON
    array on SQLite (whose statements take at most 32,766 parameters)."""
    values = sorted(int(value) for value in ids)
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(CAST(%s AS bigint[]))", [values]
    return f" AND {column} IN (SELECT value FROM json_each(%s))", [json.dumps(values)]  # noqa: S608 (a column name)
