import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dampingan.demo.services import DEMO_PASSWORD, DEMO_REGION, DEMO_USERS, load_demo
from dampingan.lib import deployment


class Command(BaseCommand):
    help = "Load the Kota Pekalongan demo (idempotent) and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="The day the demo's programme is placed around (YYYY-MM-DD; default: today), e.g. for screenshots.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if deployment.code() != DEMO_REGION:
            raise CommandError(
                f"The demo is Kota Pekalongan ({DEMO_REGION}) but DAMPINGAN_REGION is {deployment.code()}; "
                "unset DAMPINGAN_REGION to load it."
            )
        started = time.perf_counter()
        summary = load_demo(programme=True, today=options["today"])
        elapsed = time.perf_counter() - started
        changes = ", ".join(summary.created) or "nothing new"
        self.stdout.write(f"Demo loaded in {elapsed:.1f} s: {summary.regions_changed} region rows changed; {changes}.")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.username:<18} {user.role.label}")
