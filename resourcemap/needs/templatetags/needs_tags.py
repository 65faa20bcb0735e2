from typing import Any

from django import template

from resourcemap.needs.models import Need

register = template.Library()


@register.inclusion_tag("needs/_choices.html")
def need_choices() -> dict[str, Any]:
    """"What do you need?" on the map: each need searches by its name, which the search maps to
    the categories meeting it (resourcemap.needs.matching); plain links, no script needed."""
    groups: dict[str, list[Need]] = {}
    for need in Need.objects.all():
        groups.setdefault(str(need.get_group_display()), []).append(need)
    return {"need_groups": groups}
