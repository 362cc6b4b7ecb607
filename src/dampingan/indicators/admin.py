"""Read-only admin pages: figures are written through the services (pages, import, API), never here."""

from django.contrib import admin
from django.http import HttpRequest

from .models import Indicator, IndicatorImport


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit", "decimals", "direction", "minimum", "maximum"]


@admin.register(IndicatorImport)
class IndicatorImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "imported_by", "imported_at", "created_count", "replaced_count", "kept_count"]
