from django.contrib import admin

from .models import Assignment, Decree, Opd


@admin.register(Opd)
class OpdAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["abbreviation", "name"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    autocomplete_fields = ["opd"]
    raw_id_fields = ["kelurahan"]


@admin.register(Decree)
class DecreeAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "valid_from", "valid_until"]
    inlines = [AssignmentInline]
