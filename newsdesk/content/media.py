"""Serving uploaded pictures: Django decides who may see one, the proxy sends the bytes.

An image's original and its renditions are public once a published article shows it
(``Image.objects.published()``); before that (an image used only by drafts, or by
nothing) they answer 404 to readers and are shown to signed-in staff only, never stored
by a shared cache. A person's photo is public. Nothing else below MEDIA_URL is served.

With settings.MEDIA_ACCEL_REDIRECT set (the reference nginx in deploy/), Django answers
with an ``X-Accel-Redirect`` header and nginx sends the file from disk; without it (the
embedded setup) Django sends the file itself.
"""

import functools
import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotFound
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from newsdesk.content.models import Image, Person

# A published original keeps its name for good (a replaced file gets a new one), but is
# not fingerprinted: a day, after which browsers ask again.
ORIGINAL_CACHE_SECONDS = 24 * 60 * 60


def may_see_unpublished(request, *, image_id=None, person_id=None) -> bool:
    """Signed-in staff who may look at images: they see drafts' images in the newsroom.
    And whoever opened a shared preview link: the pictures of its article, while the
    link holds (newsroom/preview.py)."""
    user = request.user
    if user.is_active and user.is_staff and user.has_perm("content.view_image"):
        return True
    # Imported here: the newsroom builds on content, not the other way round.
    from newsdesk.newsroom.preview import previewed_articles

    articles = previewed_articles(request)
    if articles is None:
        return False
    if image_id is not None:
        return Image.objects.used_by(articles).filter(pk=image_id).exists()
    return (
        person_id is not None and Person.objects.credited_on(articles).filter(pk=person_id).exists()
    )


def unstored_not_found(view):
    """A 404 no cache keeps: the same address answers 200 once the image is published."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404 as error:
            response = HttpResponseNotFound(str(error), content_type="text/plain; charset=utf-8")
            patch_cache_control(response, no_store=True, max_age=0)
            return response

    return wrapper


def send(request, name: str, *, public: bool, cache_seconds: int, content_type=None):
    """The stored file ``name``, cached by everyone for ``cache_seconds`` when ``public``,
    by nobody otherwise."""
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = settings.MEDIA_ACCEL_REDIRECT
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = f"{prefix.rstrip('/')}/{name}"
    else:
        try:
            response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
        except FileNotFoundError:
            raise Http404("No such file.") from None
    if public:
        patch_cache_control(response, public=True, max_age=cache_seconds)
        if cache_seconds >= 365 * 24 * 60 * 60:
            # Not immutable=False, which Django writes out as "immutable=False".
            patch_cache_control(response, immutable=True)
    else:
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


@require_safe
@unstored_not_found
def serve_media(request, path: str):
    """An uploaded original: an image's file, or a person's photo."""
    # By the stored name alone: files live under images/ and people/, the demo's under demo/.
    image = Image.objects.filter(file=path).only("pk").first()
    person = None if image else Person.objects.filter(photo=path).only("pk").first()
    if image is not None:
        public = Image.objects.published().filter(pk=image.pk).exists()
    elif person is not None:
        # As their page: public once a published article credits them.
        public = Person.objects.public().filter(photo=path).exists()
    else:
        raise Http404("No such file.")
    owner = {"image_id": image.pk} if image else {"person_id": person.pk}
    if not public and not may_see_unpublished(request, **owner):
        raise Http404("No such image.")
    return send(request, path, public=public, cache_seconds=ORIGINAL_CACHE_SECONDS)
