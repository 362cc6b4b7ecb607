import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dampingan.regions.services import REGULATION, load_bps_codes, load_regions


class Command(BaseCommand):
    help = "Load the Kemendagri region hierarchy (all of Indonesia, or the given codes) and the BPS code mapping."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("codes", nargs="*", help="Region codes to load with their ancestors, e.g. 33.75")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            result = load_regions(options["codes"] or None)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        bps = load_bps_codes(within=options["codes"] or None)
        self.stdout.write(
            f"Regions ({REGULATION}): {result.total} read, {result.changed} inserted or changed; "
            f"BPS codes changed: {bps}; {time.perf_counter() - started:.1f} s"
        )
