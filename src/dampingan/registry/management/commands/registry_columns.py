from django.core.management.base import BaseCommand, CommandParser

from dampingan.registry import labels
from dampingan.registry.columns import markdown_table


class Command(BaseCommand):
    help = (
        "Print the accepted registry columns (or, with --labels, the labels accepted in coded columns) as a "
        "Markdown table: the copies in docs/registry-import.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--labels", action="store_true", help="The labels of the code lists instead")

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(labels.markdown_table() if options["labels"] else markdown_table(), ending="")
