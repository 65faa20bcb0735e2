from django.contrib import admin

from resourcemap.needs.models import Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh_hans", "name_zh_hant", "name_en", "group", "sort_order"]
    list_filter = ["group", "categories"]
    search_fields = ["code", "name_zh_hans", "name_zh_hant", "name_en", "synonyms"]
    filter_horizontal = ["categories"]
