from django.contrib import admin

from .models import BpsRegionCode, Region, RegionDataset, RegionOffice


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "postal_code"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]
    readonly_fields = ["code", "name", "level", "kind", "parent", "postal_code"]

    def has_add_permission(self, request):
        return False  # regions come from the Kemendagri data package, never typed in

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(RegionOffice)
admin.site.register(BpsRegionCode, list_display=["bps_code", "region", "source"], search_fields=["bps_code"])
admin.site.register(RegionDataset, list_display=["source", "version", "regulation", "loaded_at", "region_count"])
