from django.core.management.base import BaseCommand

from dampingan.registry.columns import markdown_table


class Command(BaseCommand):
    help = "Print the accepted registry columns as a Markdown table (the copy in docs/registry-import.md)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(markdown_table(), ending="")
