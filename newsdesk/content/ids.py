"""The range of an article's id, for checking ids that come from outside.

Free of models, so that code loaded before Django's apps are ready (the read beacon in
front of Django) can use it too.
"""

# Article ids are a BigAutoField: a number past this names no article, and the database
# refuses it (on SQLite before the query even starts, as an OverflowError).
BIGGEST_ID = 2**63 - 1


def is_article_id(number: int) -> bool:
    """Whether ``number`` could be an article's id in the database."""
    return 0 < number <= BIGGEST_ID
