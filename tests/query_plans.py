"""What the page tests read in SQLite's query plans."""

from __future__ import annotations

from django.db import connection


def repeated_scans(sql: str) -> list[str]:
    """The tables (or their aliases: U0, w, …) a statement reads in full once per row of something else:
    a "SCAN" (with or without an index) inside a correlated subquery, or as the inner loop of a join. SQLite
    lists a join's loops outer first; "SEARCH" is a lookup, and a first "SCAN" is read once."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = cursor.fetchall()
    parents = {node_id: (parent, detail) for node_id, parent, _unused, detail in plan}

    def inside_correlated(node_id: int) -> bool:
        parent = parents[node_id][0]
        while parent in parents:
            if parents[parent][1].startswith("CORRELATED"):
                return True
            parent = parents[parent][0]
        return False

    repeated, loops = [], {}
    for node_id, (parent, detail) in parents.items():
        if not detail.startswith(("SCAN ", "SEARCH ")) or detail == "SCAN CONSTANT ROW":
            continue
        inner = loops.get(parent, 0) > 0
        loops[parent] = loops.get(parent, 0) + 1
        if detail.startswith("SCAN ") and (inner or inside_correlated(node_id)):
            repeated.append(detail)
    return repeated
