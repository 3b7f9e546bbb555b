"""The public JSON API, version 1, at /api/v1/ (OpenAPI schema and docs at /api/v1/docs).

Read-only and anonymous: it shows what the public site shows, through the same queries
(``Article.objects.published()``, ``hot_articles()``). Every error a client can cause has
one shape, ``{"error": {"code": "...", "message": "..."}}``, whatever its status.

One router per resource, each in a module of its own, mounted here.
"""

from ninja import NinjaAPI, Swagger

from newsdesk.api import errors
from newsdesk.api.articles import articles
from newsdesk.api.front import front
from newsdesk.api.hot import hot
from newsdesk.api.people import people
from newsdesk.api.ratelimit import AnonymousPerMinute
from newsdesk.api.search import search_router
from newsdesk.api.sections import filing

DESCRIPTION = """\
Read-only: what the public site shows, as JSON. Only published articles appear, anywhere
(links between language versions included).

**Editions.** Each language is an edition (the site's `EDITIONS`, such as `en`);
`language` picks one, and names and page addresses are that edition's.

**Pages.** Lists answer `{"items": [...], "next": ...}`: follow `next` (an absolute
address with an opaque `cursor`) until it is null. Pages are cut by cursor, so articles
published meanwhile never shift or repeat later pages. `limit` is 20 by default, at most 100.

**Caching.** Answers are public (`Cache-Control: public, max-age=0, s-maxage=...`) with an
`ETag` and `Last-Modified`: revalidate with `If-None-Match` or `If-Modified-Since` for a
304. Shared caches are purged when what an answer shows changes.

**Errors.** Every error, whatever its status (400, 404, 405, 422, 429, 500), is
`{"error": {"code": "...", "message": "..."}}`: `code` for programs, `message` for people.

**Limits.** An anonymous client may make a limited number of requests a minute from one
address (answers from our cache are not counted); past it the answer is a 429 with a
`Retry-After` header, in seconds.
"""

api = NinjaAPI(
    version="1",
    urls_namespace="api-v1",
    title="newsdesk API",
    description=DESCRIPTION,
    throttle=[AnonymousPerMinute()],
    # Swagger UI from ninja's own static files ("ninja" is in INSTALLED_APPS), and no
    # call to swagger.io's online validator: the docs page loads nothing from elsewhere.
    docs=Swagger(settings={"validatorUrl": None}),
)
errors.install(api)

api.add_router("/articles", articles)
api.add_router("/front", front)
api.add_router("/hot", hot)
api.add_router("/", filing)
api.add_router("/people", people)
api.add_router("/search", search_router)
