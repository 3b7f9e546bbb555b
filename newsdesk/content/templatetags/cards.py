"""``{% cards articles "variant" as shown %}``: the stored cards of a list (content/cards.py)."""

from django import template

from newsdesk.content import cards as stored

register = template.Library()


@register.simple_tag(takes_context=True)
def cards(context, articles, variant="list", eager_first=False):
    """The cards of ``articles`` (a list, a page, or one article) in ``variant``, in order;
    with ``eager_first``, the first one's picture loads at once (the page's largest paint)."""
    if articles is None:
        return []
    if not hasattr(articles, "__iter__"):
        articles = [articles]
    wanted = [
        (article, "list-eager" if eager_first and number == 0 and variant == "list" else variant)
        for number, article in enumerate(articles)
    ]
    token = getattr(context.get("request"), "page_store_token", None)
    return stored.shown(wanted, token=token)
