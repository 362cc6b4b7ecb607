"""``dampingan access-matrix``: print, check or write the generated access matrix section of docs/roles.md."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dampingan.core import access_matrix

ROLES_DOC = Path(__file__).resolve().parents[5] / "docs" / "roles.md"


class Command(BaseCommand):
    help = "Print the access matrix of core/access_matrix.py; --write puts it into docs/roles.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="replace the section in docs/roles.md")
        parser.add_argument("--check", action="store_true", help="fail if docs/roles.md is not up to date")
        parser.add_argument("--doc", default=str(ROLES_DOC), help="the roles document (default: docs/roles.md)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["doc"])
        missing = access_matrix.undeclared()
        if missing:
            raise CommandError("not in the table: " + ", ".join(missing))
        current = path.read_text(encoding="utf-8")
        wanted = access_matrix.replace_section(current)
        if options["check"]:
            if wanted != current:
                raise CommandError(f"{path} is out of date: run `dampingan access-matrix --write`")
            self.stdout.write(f"{path} is up to date")
        elif options["write"]:
            path.write_text(wanted, encoding="utf-8")
            self.stdout.write(f"{path} written")
        else:
            self.stdout.write(access_matrix.render_markdown())
