from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "role", "opd", "region", "is_active"]
    list_filter = ["role", "is_active", "is_staff"]
    fieldsets = [
        *(DjangoUserAdmin.fieldsets or ()),
        ("Dampingan", {"fields": ["role", "opd", "region", "phone"]}),
    ]
    raw_id_fields = ["region"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "key_prefix", "key_hash", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are issued by their owner on the account page, where the key is shown once
