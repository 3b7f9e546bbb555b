"""The newsroom's change lists at archive size: the calendar found by indexed probes, and
counts that stop at a limit (changelist.py)."""

from django import template
from django.contrib.admin.templatetags.admin_list import pagination, search_form

from newsdesk.newsroom.changelist import calendar_choices

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def calendar(cl):
    """Django's ``date_hierarchy`` tag, its periods found by one indexed probe each."""
    return calendar_choices(cl)


@register.inclusion_tag("newsroom/lists/pagination.html")
def bounded_pagination(cl):
    """Django's ``pagination`` tag, saying "more than 10,000" past the count's limit."""
    return pagination(cl)


@register.inclusion_tag("newsroom/lists/search_form.html")
def bounded_search_form(cl):
    """Django's ``search_form`` tag, saying "more than 10,000" past the count's limit."""
    return search_form(cl)
