"""What a write service accepts: a ``TypedDict`` of named, typed fields, built from a form or an API body.

A service that records something (a problem, a meeting, a budget line) takes its fields as one
``TypedDict`` declared beside it, ``<Record>Fields``: the type checker then knows every key and its type
inside the service and at every call written as a literal, and an edit sends only the keys it changes
(an API ``PATCH``). A form's ``cleaned_data`` and an API body are plain dicts, so they go through
:func:`service_input`, which refuses at run time what the type checker cannot see: a key the service does
not declare (a form field renamed on one side only) or a required key left out. Values were validated by the
form or the API schema already, and the model's ``full_clean`` checks them again before any write.

The decision and the alternatives weighed are in docs/adr/0008-typed-service-inputs.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ForwardRef, NotRequired, Required, TypeVar, cast, get_origin

T = TypeVar("T", bound=Mapping[str, Any])


def service_input(kind: type[T], data: Mapping[str, Any], *, partial: bool = False) -> T:
    """``data`` as the ``TypedDict`` ``kind``; ``partial`` for an edit, which may leave out required keys.

    Raises ``TypeError`` (a programming error, never the user's) naming the keys that do not fit.
    """
    required, optional = _keys(kind)
    unknown = sorted(set(data) - required - optional)
    missing = [] if partial else sorted(required - set(data))
    if unknown or missing:
        problems = [
            f"{label} {', '.join(keys)}" for label, keys in (("unknown", unknown), ("missing", missing)) if keys
        ]
        raise TypeError(f"{kind.__name__}: " + "; ".join(problems))
    return cast(T, dict(data))


def _keys(kind: type) -> tuple[frozenset[str], frozenset[str]]:
    """The required and the optional keys of the ``TypedDict`` ``kind``.

    Python 3.11 decides them from the class's totality alone when the annotations are postponed (a module with
    ``from __future__ import annotations``, as ours are), so ``Required[...]`` in a ``total=False`` class would
    count as optional; the annotation itself says which it is.
    """
    annotations: dict[str, Any] = getattr(kind, "__annotations__", {})
    if not hasattr(kind, "__required_keys__") or not annotations:
        raise TypeError(f"{kind.__name__} is not a TypedDict")
    required, optional = set(getattr(kind, "__required_keys__")), set(getattr(kind, "__optional_keys__"))  # noqa: B009
    for key, annotation in annotations.items():
        marker = _marker(annotation)
        if marker is Required:
            required.add(key)
            optional.discard(key)
        elif marker is NotRequired:
            optional.add(key)
            required.discard(key)
    return frozenset(required), frozenset(optional)


def _marker(annotation: Any) -> Any:
    if isinstance(annotation, ForwardRef):  # how a TypedDict keeps a postponed annotation
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        head = annotation.split("[", 1)[0].rsplit(".", 1)[-1]
        return {"Required": Required, "NotRequired": NotRequired}.get(head)
    return get_origin(annotation)
