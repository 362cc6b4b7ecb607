"""Rows of the INSERT statements of an SQL dump, read as text: nothing of the file is ever executed.

MySQL's dialect as the wilayah_boundaries files use it (backslash escapes, backtick names), which also
covers PostgreSQL dumps of plain literals. Other statements (DELETE, CREATE, SET...) are skipped.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>--[^\n]*|\#[^\n]*|/\*.*?\*/)
  | (?P<string>'(?:[^'\\]|\\.|'')*')
  | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<quoted>`(?:[^`]|``)*`|"(?:[^"]|"")*")
  | (?P<punct>[(),;.])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
T = TypeVar("T")

_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}
_ESCAPE = re.compile(r"\\(.)|''", re.DOTALL)


class SqlReadError(ValueError):
    """Where (``line``) and what: ``kind`` picks the message, ``details`` fill it in.

    Kinds: ``unclosed_text``, ``unclosed_comment``, ``not_literal`` (value), ``expected`` (what, found),
    ``truncated`` (what), ``no_values`` (table), ``arity`` (values, columns).
    """

    def __init__(self, line: int, kind: str, **details: object) -> None:
        super().__init__(f"line {line}: {kind} {details}")
        self.line = line
        self.kind = kind
        self.details = details


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class InsertRow:
    table: str
    values: dict[str, object]
    line: int  # of the row's opening parenthesis, 1-based


def _unescape(literal: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "''":
            return "'"
        char = match.group(1)
        if char in "%_":
            return "\\" + char  # MySQL keeps the backslash of \% and \_
        return _ESCAPES.get(char, char)

    return _ESCAPE.sub(replace, literal[1:-1])


class _Lines:
    def __init__(self, text: str) -> None:
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        return bisect.bisect_left(self._newlines, offset) + 1


def _tokens(text: str, lines: _Lines) -> Iterator[Token]:
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None  # "other" matches any character
        kind = match.lastgroup or "other"
        if kind == "other" and match.group() == "'":
            raise SqlReadError(lines.of(position), "unclosed_text")
        if kind == "other" and text.startswith("/*", position):
            raise SqlReadError(lines.of(position), "unclosed_comment")
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), position)
        position = match.end()


def _statements(tokens: Iterator[Token]) -> Iterator[list[Token]]:
    statement: list[Token] = []
    for token in tokens:
        if token.kind == "punct" and token.text == ";":
            if statement:
                yield statement
            statement = []
        else:
            statement.append(token)
    if statement:
        yield statement


def _name(token: Token) -> str:
    if token.kind == "quoted":
        quote = token.text[0]
        return token.text[1:-1].replace(quote * 2, quote)
    return token.text


def _value(token: Token, lines: _Lines) -> object:
    if token.kind == "string":
        return _unescape(token.text)
    if token.kind == "number":
        return float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
    if token.kind == "word" and token.text.upper() == "NULL":
        return None
    if token.kind == "word" and token.text.upper() in ("TRUE", "FALSE"):
        return token.text.upper() == "TRUE"
    raise SqlReadError(lines.of(token.offset), "not_literal", value=token.text[:40])


class _Cursor:
    def __init__(self, tokens: list[Token], lines: _Lines) -> None:
        self.tokens, self.index, self.lines = tokens, 0, lines

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def next(self, what: str, *, exact: bool = False) -> Token:
        """The next token; with ``exact``, it must be the text ``what`` (else ``what`` names the kind wanted)."""
        token = self.peek()
        if token is None:
            last = self.tokens[-1]
            raise SqlReadError(self.lines.of(last.offset), "truncated", expected=what)
        if exact and token.text.upper() != what.upper():
            raise SqlReadError(self.lines.of(token.offset), "expected", expected=what, found=token.text[:30])
        self.index += 1
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.kind in ("punct", "word") and token.text.upper() == text.upper()

    def items(self, what: str, read: Callable[[Token], T]) -> list[T]:
        """The comma-separated items up to the closing ``)`` (the ``(`` already read), each one token."""
        found = [read(self.next(what))]
        while self.at(","):
            self.next(",")
            found.append(read(self.next(what)))
        self.next(")", exact=True)
        return found


def _insert_rows(statement: list[Token], lines: _Lines, wanted: str, default_columns: list[str]) -> Iterator[InsertRow]:
    cursor = _Cursor(statement, lines)
    table = _target_table(cursor)
    if table.lower() != wanted.lower():
        return  # another table's rows are none of our business, whatever their shape
    columns = default_columns
    if cursor.at("("):
        cursor.next("(")
        columns = cursor.items("name", lambda token: _name(token).lower())
    if not (cursor.at("VALUES") or cursor.at("VALUE")):
        token = cursor.peek()
        where = lines.of(token.offset if token else statement[-1].offset)
        raise SqlReadError(where, "no_values", table=table)
    cursor.next("VALUES")
    while True:
        opening = cursor.next("(", exact=True)
        values = cursor.items("value", lambda token: _value(token, lines))
        line = lines.of(opening.offset)
        if len(values) != len(columns):
            raise SqlReadError(line, "arity", values=len(values), columns=", ".join(columns))
        yield InsertRow(table, dict(zip(columns, values, strict=True)), line)
        if not cursor.at(","):
            break
        cursor.next(",")
    # Anything left (ON DUPLICATE KEY UPDATE ..., ON CONFLICT ...) does not add rows.


def _target_table(cursor: _Cursor) -> str:
    """The table an INSERT writes to, past its modifiers and INTO; of ``schema.table``, the table."""
    cursor.next("INSERT")
    while any(cursor.at(word) for word in ("LOW_PRIORITY", "DELAYED", "HIGH_PRIORITY", "IGNORE", "INTO")):
        cursor.next("INTO")
    table = _name(cursor.next("name"))
    while cursor.at("."):
        cursor.next(".")
        table = _name(cursor.next("name"))
    return table


def insert_rows(text: str, table: str, default_columns: list[str]) -> Iterator[InsertRow]:
    """Every row of every INSERT (or REPLACE) statement into ``table`` in ``text``, in order.

    ``default_columns`` name the values of an INSERT without a column list. Raises ``SqlReadError`` with
    the line for unclosed strings, values that are expressions, or rows of the wrong length.
    """
    lines = _Lines(text)
    for statement in _statements(_tokens(text, lines)):
        if statement[0].kind == "word" and statement[0].text.upper() in ("INSERT", "REPLACE"):
            yield from _insert_rows(statement, lines, table, default_columns)
