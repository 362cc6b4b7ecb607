from django.contrib import admin

from .models import Boundary, BoundaryFile


@admin.register(BoundaryFile)
class BoundaryFileAdmin(admin.ModelAdmin):
    list_display = ["file_name", "file_format", "imported_count", "replaced_count", "imported_by", "imported_at"]
    readonly_fields = [f.name for f in BoundaryFile._meta.fields]

    def has_add_permission(self, request):
        return False  # imports go through the upload page or `dampingan import-boundaries`


@admin.register(Boundary)
class BoundaryAdmin(admin.ModelAdmin):
    list_display = ["region", "name_in_file", "centroid_lat", "centroid_lng", "source"]
    search_fields = ["region__code", "region__name"]
    readonly_fields = [f.name for f in Boundary._meta.fields]

    def has_add_permission(self, request):
        return False
