"""A request the API's schema refuses is answered as the services answer theirs: 422
``{"detail": {"field": ["sentence", ...]}}``, in the caller's language (Bahasa Indonesia by default).

Pydantic's own answer (a list of ``{"type", "loc", "msg"}`` in English) made a caller read two shapes and
a user read English. Each pydantic error type becomes one sentence here; a field is named as the
caller sent it: ``targets.0.target`` for the first target's value, ``limit`` for a query parameter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .schemas import FILLED, NO_NUL

# Where ninja found the value: the first item of an error's ``loc``. A body's errors also name the view's
# parameter that holds it ("payload"), which the caller never sees.
_SOURCES = {"path", "query", "header", "cookie", "form", "file", "body"}


def by_field(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Each refused field with its sentences, in the order pydantic reported them."""
    refused: dict[str, list[str]] = {}
    for error in errors:
        sentence = explain(error)
        sentences = refused.setdefault(field_name(error.get("loc", ())), [])
        if sentence not in sentences:
            sentences.append(sentence)
    return refused


def field_name(loc: Iterable[Any]) -> str:
    """``("body", "payload", "targets", 0, "target")`` -> ``"targets.0.target"``; the whole body -> ``"body"``."""
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in _SOURCES else None
    if source == "body" and parts:
        parts.pop(0)
    return ".".join(str(p) for p in parts) or source or "body"


def explain(error: Mapping[str, Any]) -> str:
    """One error of pydantic as a sentence in the active language."""
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    loc = tuple(error.get("loc", ()))
    if loc and loc[0] in {"query", "form"} and kind.endswith("_type"):
        # A query string or a form holds only text: a value refused for its type is one the parser marked as
        # holding a NUL character (api.TextWithNul).
        return _pattern(NO_NUL)
    if kind == "value_error":  # raised by our own validators, with a translated sentence
        return str(ctx.get("error") or error.get("msg", ""))
    if kind == "string_pattern_mismatch":
        return _pattern(str(ctx.get("pattern", "")))
    for prefix, sentence in _BY_PREFIX:
        if kind.startswith(prefix):
            return sentence(ctx)
    return _("The value is not valid (%(reason)s).") % {"reason": error.get("msg", kind)}


def _pattern(pattern: str) -> str:
    if pattern == FILLED:
        return _("Fill this in: it cannot be empty or only spaces, nor hold a NUL character.")
    if pattern == NO_NUL:
        return _("The text cannot hold a NUL character.")
    return _("The text does not have the expected form (%(pattern)s).") % {"pattern": pattern}


# Longer prefixes first: "datetime" before "date", "greater_than_equal" before "greater_than".
_BY_PREFIX: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("missing", lambda c: _("This field is required.")),
    ("extra_forbidden", lambda c: _("This field is not part of the request; remove it.")),
    ("model_attributes_type", lambda c: _("Send a JSON object.")),
    ("model_type", lambda c: _("Send a JSON object.")),
    ("dict_type", lambda c: _("Send a JSON object.")),
    ("list_type", lambda c: _("Send a list.")),
    ("int_", lambda c: _("Give a whole number.")),
    ("float_", lambda c: _("Give a number.")),
    ("decimal_", lambda c: _("Give a number.")),
    ("bool_", lambda c: _("Give true or false.")),
    ("string_too_short", lambda c: _("Give at least %(n)s characters.") % {"n": c.get("min_length")}),
    ("string_too_long", lambda c: _("Give at most %(n)s characters.") % {"n": c.get("max_length")}),
    ("string_", lambda c: _("Give a text.")),
    ("too_short", lambda c: _("Give at least %(n)s items.") % {"n": c.get("min_length")}),
    ("too_long", lambda c: _("Give at most %(n)s items.") % {"n": c.get("max_length")}),
    ("greater_than_equal", lambda c: _("Give a value of at least %(n)s.") % {"n": c.get("ge")}),
    ("greater_than", lambda c: _("Give a value greater than %(n)s.") % {"n": c.get("gt")}),
    ("less_than_equal", lambda c: _("Give a value of at most %(n)s.") % {"n": c.get("le")}),
    ("less_than", lambda c: _("Give a value less than %(n)s.") % {"n": c.get("lt")}),
    ("date_from_datetime", lambda c: _("Give a date as YYYY-MM-DD, e.g. 2025-06-26.")),
    ("datetime", lambda c: _("Give a date and time as YYYY-MM-DDTHH:MM, e.g. 2025-06-26T09:00:00+07:00.")),
    ("date", lambda c: _("Give a date as YYYY-MM-DD, e.g. 2025-06-26.")),
    ("enum", lambda c: _("Choose one of: %(choices)s.") % {"choices": c.get("expected", "")}),
    ("literal_error", lambda c: _("Choose one of: %(choices)s.") % {"choices": c.get("expected", "")}),
    ("json_", lambda c: _("Send valid JSON.")),
]


@contextlib.contextmanager
def named_as_sent(api_names: Mapping[str, str]) -> Iterator[None]:
    """A service's refusal names each field as the caller sent it: ``{"partner": "partner_id"}`` turns the
    service's ``partner`` into the request's ``partner_id`` (a refusal names the caller's field)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError({api_names.get(k, k): v for k, v in exc.error_dict.items()}) from exc
