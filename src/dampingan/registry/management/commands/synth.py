"""`dampingan synth --persons N --region 33.75 --seed S --out FILE [--dirty 0.02]`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dampingan.lib.spreadsheets import write_xlsx
from dampingan.registry.synth import MARK, synth_registry


class Command(BaseCommand):
    help = f"Write a synthetic registry file (every row marked '{MARK}') as .csv or .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, required=True)
        parser.add_argument("--region", default="33.75", help="Kemendagri code of the kab/kota")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--dirty", type=float, default=0.0, help="Share of rows spoiled, e.g. 0.02")
        parser.add_argument("--out", type=Path, required=True, help="File to write (.csv or .xlsx)")
        parser.add_argument(
            "--without-assets-and-cards",
            action="store_true",
            help="Leave out the asset-flag and programme-card columns (as a P3KE export)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        try:
            frame = synth_registry(
                options["persons"],
                options["region"],
                options["seed"],
                dirty_share=options["dirty"],
                assets_and_cards=not options["without_assets_and_cards"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if out.suffix.lower() == ".csv":
            frame.write_csv(out)
        elif out.suffix.lower() == ".xlsx":
            out.write_bytes(write_xlsx({"DTKS": frame}))
        else:
            raise CommandError("--out must end in .csv or .xlsx")
        self.stdout.write(f"{out}: {frame.height:,} synthetic member rows, {frame['IDBDT'].n_unique():,} households")
