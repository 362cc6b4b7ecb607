"""Parts of a page that other apps contribute, registered explicitly from their ``AppConfig.ready()``.

A page of a lower app (a region's page, the registry's household page, the kelurahan profile) shows what
higher apps keep about the same object without importing them: the page declares a ``PageSections``, each
app with something to add registers a provider for it, and the page renders what the providers return, in
their declared order. The import then points from the contributing app to the page, as the layers of the
import contract require (pyproject.toml, ``[tool.importlinter]``; docs/adr/0004-app-layers.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


@dataclass
class Section:
    key: str  # the HTML id of the section
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# A provider returns None to stay out, for instance when the user may not see its records.
SectionProvider = Callable[["HttpRequest", T], Section | None]


@dataclass(frozen=True)
class Cell:
    """One value of a contributed column: its text and, where there is a page for it, the link."""

    text: str
    url: str = ""


# Compared and hashed by identity: the header may be a lazy translation, whose hash follows the active
# language, and a column is registered once at start-up and looked up in every request's language.
@dataclass(frozen=True, eq=False)
class Column:
    header: StrOrPromise  # rendered in the request's language
    # The cells of a list of objects in one read, keyed by the object's key; absent keys show as empty.
    cells: Callable[[list[str]], dict[str, Cell]]


class PageSections(Generic[T]):
    """The sections of one page about an object of type ``T``, and the columns of its list."""

    def __init__(self) -> None:
        # Keyed by what is registered, so that registering it again (a second ready()) changes nothing.
        self._sections: dict[SectionProvider[T], int] = {}
        self._columns: dict[Column, int] = {}

    def register(self, provider: SectionProvider[T], *, order: int) -> None:
        """Show what ``provider`` returns at ``order`` (lower first)."""
        self._sections[provider] = order

    def register_column(self, column: Column, *, order: int) -> None:
        self._columns[column] = order

    def for_object(self, request: HttpRequest, obj: T) -> list[Section]:
        found = []
        for provider in sorted(self._sections, key=self._sections.__getitem__):
            section = provider(request, obj)
            if section is not None:
                found.append(section)
        return found

    def columns(self) -> list[Column]:
        return sorted(self._columns, key=self._columns.__getitem__)
