"""`dampingan import-registry FILE --source dtks --sk "..." --sk-date YYYY-MM-DD --user NAME`."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError

from dampingan.registry.codes import Source
from dampingan.registry.imports import ImportPlan, error_report_xlsx, plan_import, run_import
from dampingan.registry.management.arguments import active_user, iso_date
from dampingan.registry.services import RegistryImportError

if TYPE_CHECKING:
    from dampingan.accounts.models import User


class Command(BaseCommand):
    help = "Validate a DTKS/P3KE/DTSEN file and import it as a draft release (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, choices=[s.value for s in Source])
        parser.add_argument("--sk", default="", help="Number of the SK that issues the data")
        parser.add_argument("--sk-date", type=iso_date)
        parser.add_argument("--data-date", type=iso_date, help="Date the data (and its desil) refer to")
        parser.add_argument("--user", required=True, help="Username of the importing Dinsos operator or TKPK admin")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only")
        parser.add_argument("--report", type=Path, help="Write the error report (.xlsx) here")

    def _progress(self, stage: str, done: int, total: int) -> None:
        if not total:  # a stage without a row count (reading, checking)
            sys.stderr.write(f"{stage}…\n")
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{stage:<11} [{'#' * filled}{'.' * (width - filled)}] {done:>9,}/{total:,}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = active_user(options["user"])
        started = time.perf_counter()
        plan = self._plan(path)
        self._summarise(path, plan, started)
        if options["report"]:
            options["report"].write_bytes(error_report_xlsx(plan))
            self.stdout.write(f"Error report written to {options['report']}")
        if not plan.importable:
            # The same sentence as the check page; a dry run reports it, an import stops on it.
            if options["dry_run"]:
                self.stdout.write(plan.why_not_importable())
                return
            raise CommandError(plan.why_not_importable())
        if not options["dry_run"]:
            self._import(actor, plan, options, started)

    def _plan(self, path: Path) -> ImportPlan:
        try:
            with path.open("rb") as handle:
                # Any size: the web upload's limit is for request bodies, not for a file on this machine.
                return plan_import(handle, path.name, progress=self._progress, size_limited=False)
        except RegistryImportError as exc:
            raise CommandError(str(exc)) from exc

    def _summarise(self, path: Path, plan: ImportPlan, started: float) -> None:
        """What the file holds, what can be imported, and its first problems."""
        errors, warnings = plan.validated.errors, plan.validated.warnings
        if plan.title:
            self.stdout.write(f"{path.name}: title {plan.title!r}, header in row {plan.header_row}")
        self.stdout.write(
            f"{path.name}: {plan.source_frame.height:,} rows, {plan.households:,} households; "
            f"{errors.height:,} errors, {warnings.height:,} warnings; "
            f"{plan.kept_households:,} households can be imported ({time.perf_counter() - started:.1f} s)"
        )
        if plan.unmatched:
            self.stdout.write(f"Columns not imported: {', '.join(plan.unmatched)}")
        for problem in plan.problems:
            self.stderr.write(problem)
        for line in plan.issue_lines(limit=20):
            self.stdout.write(f"  {line}")

    def _import(self, actor: User, plan: ImportPlan, options: dict[str, Any], started: float) -> None:
        try:
            release = run_import(
                actor,
                plan,
                source=options["source"],
                sk_number=options["sk"],
                sk_date=options["sk_date"],
                data_date=options["data_date"],
                progress=self._progress,
            )
        except RegistryImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Draft release #{release.pk} imported: {release.household_count:,} households, "
            f"{release.family_count:,} families, {release.member_count:,} members "
            f"in {time.perf_counter() - started:.1f} s. A TKPK administrator must approve it."
        )
