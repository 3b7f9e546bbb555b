"""``{% push_prompt %}``: the breaking-news opt-in the reader opens herself (the app page)."""

from django import template
from django.utils.translation import get_language

from newsdesk.push.vapid import application_server_key

register = template.Library()


@register.inclusion_tag("push/prompt.html")
def push_prompt():
    from newsdesk.reader.chrome import sections

    return {
        "push_key": application_server_key(),
        "sections": sections(),
        "edition": get_language(),
    }
