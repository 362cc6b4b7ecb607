"""`dampingan import-boundaries FILE [--format geojson|sql] [--code-property NAME] [--skip-unmatched] --user NAME`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dampingan.accounts.models import User
from dampingan.geo.importers import BoundaryFileError, plan_import
from dampingan.geo.models import BoundaryFormat
from dampingan.geo.services import BoundaryImportError, import_boundaries


class Command(BaseCommand):
    help = (
        "Import region boundaries from a GeoJSON FeatureCollection or the SQL of wilayah_boundaries: the "
        "deployment's features replace the boundaries of the same regions, all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=[f.value for f in BoundaryFormat], default="")
        parser.add_argument("--code-property", default="", help="GeoJSON property with the Kemendagri code")
        parser.add_argument(
            "--skip-unmatched",
            action="store_true",
            help="Import the matching features even when some codes of this kab/kota match no region",
        )
        parser.add_argument("--user", default="", help="Username of the importing TKPK admin (default: a superuser)")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only")

    def _actor(self, username: str) -> User:
        users = User.objects.filter(is_active=True)
        actor = users.filter(username=username).first() if username else users.filter(is_superuser=True).first()
        if actor is None:
            raise CommandError(f"No active user {username!r}" if username else "No active superuser: pass --user")
        return actor

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        content = path.read_bytes()
        try:
            plan = plan_import(content, path.name, options["format"], options["code_property"])
        except BoundaryFileError as exc:
            raise CommandError(str(exc)) from exc
        levels = plan.matched_by_level()
        self.stdout.write(
            f"{path.name}: {plan.feature_count} features; {len(plan.matched)} regions matched "
            f"({levels.get(4, 0)} kelurahan/desa, {levels.get(3, 0)} kecamatan), {len(plan.unmatched)} unmatched, "
            f"{len(plan.outside)} of other regions left out; {len(plan.replaced_codes)} would be replaced"
        )
        for note in plan.notes:
            self.stdout.write(f"  {note}")
        if plan.kelurahan_missing and levels.get(4):
            names = ", ".join(f"{r.code} {r.name}" for r in plan.kelurahan_missing)
            self.stdout.write(f"  Not in the file: {names}")
        if plan.unmatched:
            self.stderr.write(plan.unmatched_message())
        if plan.errors:
            raise CommandError("\n".join(plan.errors))
        if options["dry_run"]:
            return
        try:
            source = import_boundaries(
                self._actor(options["user"]), plan, content, skip_unmatched=options["skip_unmatched"]
            )
        except BoundaryImportError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"Imported {source.imported_count} boundaries ({source.replaced_count} replaced) from {source.file_name}."
        )
