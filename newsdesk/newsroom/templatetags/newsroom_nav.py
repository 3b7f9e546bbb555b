"""The newsroom's navigation bar, on every newsroom page: where each person's work is,
with counts of what waits for them."""

from dataclasses import dataclass

from django import template

from newsdesk.newsroom import home, notifications

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    # What waits there for this person (shown as a badge when more than 0), or None.
    count: int | None = None


def nav_links(request) -> list[NavLink]:
    """The links ``request.user`` sees, in order. Each newsroom page adds its own here."""
    # Imported here: these modules import NavLink from this one.
    from newsdesk.newsroom import invitations
    from newsdesk.newsroom.front import front_nav_links

    links = []
    links += home.nav_links(request.user)
    links += front_nav_links(request.user)
    links += invitations.nav_links(request.user)
    links += notifications.nav_links(request.user)
    return links


@register.inclusion_tag("newsroom/nav.html", takes_context=True)
def newsroom_nav(context):
    request = context["request"]
    links = nav_links(request)
    return {"links": links, "path": request.path}
