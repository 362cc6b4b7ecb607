"""`dampingan approve-release ID --sk "..." --sk-date YYYY-MM-DD --user NAME`: the checker's step from the console."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dampingan.registry.management.arguments import active_user, iso_date
from dampingan.registry.models import RegistryRelease
from dampingan.registry.services import RegistryImportError, approve_release


class Command(BaseCommand):
    help = "Approve a draft registry release (maker-checker: a TKPK administrator other than its importer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("release", type=int, help="Number of the draft release (as import-registry printed it)")
        parser.add_argument("--sk", required=True, help="Number of the SK that sets the release")
        parser.add_argument("--sk-date", required=True, type=iso_date)
        parser.add_argument("--user", required=True, help="Username of the approving TKPK administrator")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = active_user(options["user"])
        release = RegistryRelease.objects.filter(pk=options["release"]).first()
        if release is None:
            raise CommandError(f"No release #{options['release']}")
        try:
            approve_release(actor, release, sk_number=options["sk"], sk_date=options["sk_date"])
        except PermissionDenied as exc:
            raise CommandError(f"{actor.username} may not approve registry releases.") from exc
        except RegistryImportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Release #{release.pk} ({release}) is now current.")
