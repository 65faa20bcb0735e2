from django.contrib import admin

from resourcemap.search.models import SearchAbbreviation


@admin.register(SearchAbbreviation)
class SearchAbbreviationAdmin(admin.ModelAdmin):
    list_display = ["short_form", "full_form"]
    search_fields = ["short_form", "full_form"]
