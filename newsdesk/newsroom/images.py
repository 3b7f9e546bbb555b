"""Pictures in the body editor: the library, each picture's details, uploads, and the
texts typed under a picture saved with the article.

``admin:newsroom_editor_images`` answers the editor's figures.js in JSON:

- GET ``?q=words``: the newest pictures of the library (LIBRARY_SIZE) whose caption, alt
  text, credit or source, in any edition, has every word; without ``q``, the newest.
- GET ``?ids=1,2&language=zh-hans``: those pictures' details, texts in that language.
- GET ``?labels``: only the labels (below), for an editor that shows no picture yet.
- POST multipart ``file`` (+ ``caption``, ``credit``, ``alt_text``, ``language``): an
  upload, checked as every upload is (content/uploads.py). A file uploaded before (its
  SHA-256, ``Image.checksum``) is not stored again: the picture it made is the answer,
  with ``"reused": true``.

Refusals are ``{"error": "why"}`` with 400 (a bad request or file) or 403 (the role).
Every GET answer carries ``labels``: the editor's words in the user's language.
"""

import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsdesk.content import body, renditions
from newsdesk.content.ids import BIGGEST_ID
from newsdesk.content.models import Article, Image
from newsdesk.content.translatable import other_languages
from newsdesk.content.uploads import checksum
from newsdesk.newsroom import roles
from newsdesk.newsroom.translations import can_translate_image
from newsdesk.newsroom.workflow import log_image_change

# The texts typed under a picture in the editor.
TEXT_FIELDS = ("caption", "credit", "alt_text")
LIBRARY_SIZE = 24
# Bounds on what a request may ask for.
MAX_IDS = 100
MAX_QUERY = 200
# The width of the rendition a figure shows in the editor (a column at 2x).
FIGURE_WIDTH = 640


def editor_images_view(request):
    user = request.user
    if request.method == "POST":
        if not user.has_perm("content.add_image"):
            return _refuse(_("Your role does not allow uploading pictures."), 403)
        return _upload(request)
    if request.method not in ("GET", "HEAD"):
        return _refuse(_("Only GET and POST."), 405)
    if not user.has_perm("content.view_image"):
        return _refuse(_("Your role does not allow looking at pictures."), 403)
    language = request.GET.get("language") or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        return _refuse(_("“%(language)s” is not an edition.") % {"language": language[:20]})
    if "labels" in request.GET:
        images = []
    elif "ids" in request.GET:
        try:
            ids = _ids(request.GET["ids"])
        except ValueError as error:
            return _refuse(str(error))
        found = findable(user).in_bulk(ids)
        images = [found[pk] for pk in ids if pk in found]
    else:
        images = library(user, request.GET.get("q", "")[:MAX_QUERY])
    return JsonResponse(
        {
            "images": [details(image, user, language) for image in images],
            "labels": labels(),
        }
    )


def findable(user):
    """The pictures ``user`` may look up by id: the library she sees, and the pictures of
    the articles she may open (a writer's draft may show another writer's picture)."""
    images = Image.objects.all()
    articles = roles.visible_articles(user, Article.objects.all())
    return roles.visible_images(user, images) | images.used_by(articles)


def library(user, query: str) -> list[Image]:
    """The newest pictures ``user`` sees with a file, whose texts have every word of
    ``query`` (in any edition)."""
    images = roles.visible_images(user, Image.objects.exclude(file=""))
    fields = ["caption", "alt_text", "credit", "source"]
    fields += [
        f"translations__{language}__{field}"
        for language in other_languages()
        for field in Image.TRANSLATED_FIELDS
    ]
    for word in query.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        images = images.filter(condition)
    return list(images.order_by("-created_at", "-pk")[:LIBRARY_SIZE])


def details(image: Image, user, language: str) -> dict:
    """What a figure in the editor shows of ``image``: renditions, size, its texts as
    stored in ``language`` with the default edition's as ``fallback``, and whether
    ``user`` may change them."""
    widths = renditions.srcset(image)
    if widths:
        src = next((path for path, width, _h in widths if width >= FIGURE_WIDTH), widths[-1][0])
        thumb = widths[0][0]
    else:  # too large to draw, or no file
        src = thumb = image.file.url if image.file else ""
    return {
        "id": image.pk,
        "src": src,
        "thumb": thumb,
        "width": image.width,
        "height": image.height,
        **{field: image.translation(language, field) for field in TEXT_FIELDS},
        "fallback": {
            field: "" if language == settings.LANGUAGE_CODE else getattr(image, field)
            for field in TEXT_FIELDS
        },
        "editable": may_edit_texts(user, image, Article(language=language)),
    }


def may_edit_texts(user, image: Image, article: Article) -> bool:
    """Whether ``user`` may write ``image``'s texts in ``article``'s language from that
    article's form: when she may change the image (roles.py), or, in another edition
    than the default, when she may translate them at the desk (translations.py)."""
    if roles.can_change_image(user, image):
        return True
    if article.language == settings.LANGUAGE_CODE:
        return False
    return can_translate_image(user, image, article)


def labels() -> dict:
    return {
        "caption": _("Caption"),
        "credit": _("Credit"),
        "alt_text": _("Alt text"),
        "required": _("required"),
        "alt_help": _("What the picture shows, for readers who cannot see it."),
        "fallback": _("Not written in this language yet; readers see: %(text)s"),
        "read_only": _("Only an editor may change this picture's texts now."),
        "remove": _("Remove picture"),
        "missing": _("Picture %(id)s cannot be shown: it was deleted or you cannot see it."),
        "loading": _("Loading picture…"),
        "uploading": _("Uploading %(name)s…"),
        "upload_failed": _("%(name)s was not uploaded: %(reason)s"),
        "reused": _("This picture was in the library already: it is used again."),
        "network": _("The server could not be reached. Try again."),
        "server_error": _("The server could not answer (error %(status)s). Try again."),
        "too_large": _("This file is larger than %(limit)d MB. Please upload a smaller one.")
        % {"limit": settings.MAX_IMAGE_UPLOAD_BYTES // (1024 * 1024)},
        "expired": _("Your session has expired: save your work in another tab, then reload."),
        "dialog_title": _("Insert a picture"),
        "search": _("Search the library"),
        "search_help": _("Caption, alt text, credit or source, in any language."),
        "results": _("Pictures in the library"),
        "no_results": _("No picture matches."),
        "upload": _("Or upload a new one"),
        "upload_button": _("Upload and insert"),
        "choose_file": _("Choose a picture file first."),
        "choose": _("Insert"),
        "close": _("Close"),
        "untitled": _("Picture %(id)s, no caption yet"),
    }


class UploadForm(forms.Form):
    """An upload from the editor: the file is checked as every image upload is."""

    file = Image._meta.get_field("file").formfield(
        required=True,
        # The storage shortens a long name itself: a phone's file names are long.
        max_length=None,
        error_messages={"required": gettext_lazy("Choose a picture to upload.")},
    )
    caption = forms.CharField(required=False)
    credit = forms.CharField(required=False, max_length=Image._meta.get_field("credit").max_length)
    alt_text = forms.CharField(
        required=False, max_length=Image._meta.get_field("alt_text").max_length
    )
    language = forms.ChoiceField(required=False, choices=lambda: settings.LANGUAGES)


def _upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refuse(" ".join(message for errors in form.errors.values() for message in errors))
    user = request.user
    language = form.cleaned_data["language"] or settings.LANGUAGE_CODE
    upload = form.cleaned_data["file"]
    upload.seek(0)
    digest = checksum(upload.read())
    upload.seek(0)
    # Only a picture she may see is handed back: another writer's unpublished upload of
    # the same file is not hers to know of, so hers is stored apart.
    same = roles.visible_images(user, Image.objects.filter(checksum=digest)).first()
    if same is not None:
        return JsonResponse({"image": details(same, user, language), "reused": True})
    image = Image(created_by=user)
    for field in TEXT_FIELDS:
        image.set_translation(language, field, form.cleaned_data[field].strip())
    with transaction.atomic():
        image.file.save(upload.name, upload, save=False)
        image.save()
    return JsonResponse({"image": details(image, user, language), "reused": False}, status=201)


def _ids(text: str) -> list[int]:
    """The ids of ``?ids=1,2``, in order, each once; ValueError saying what is wrong."""
    try:
        ids = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise ValueError(_("ids must be numbers separated by commas.")) from None
    if not 0 < len(ids) <= MAX_IDS or not all(0 < pk <= BIGGEST_ID for pk in ids):
        raise ValueError(_("Ask for 1 to %(n)d pictures by their ids.") % {"n": MAX_IDS})
    return list(dict.fromkeys(ids))


def _refuse(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


# The texts typed under the pictures, saved with the article -----------------------------


def parse_body_images(text: str) -> dict[int, dict[str, str]]:
    """The ``body_images`` form field: ``{"12": {"caption": …, "credit": …, "alt_text": …}}``
    as ``{12: {...}}``, each text stripped; ValidationError saying what is wrong."""
    if not text.strip():
        return {}
    try:
        posted = json.loads(text)
    except ValueError:
        raise ValidationError(_("The pictures' texts could not be read.")) from None
    if not isinstance(posted, dict):
        raise ValidationError(_("The pictures' texts could not be read."))
    texts = {}
    for key, fields in posted.items():
        try:
            pk = int(key)
        except ValueError:
            pk = 0
        valid = isinstance(fields, dict) and set(fields) <= set(TEXT_FIELDS)
        if not (
            0 < pk <= BIGGEST_ID and valid and all(isinstance(v, str) for v in fields.values())
        ):
            raise ValidationError(_("The pictures' texts could not be read."))
        for field, text in fields.items():
            limit = Image._meta.get_field(field).max_length
            if limit is not None and len(text.strip()) > limit:
                raise ValidationError(
                    _("Picture %(id)d: the %(field)s is longer than %(limit)d characters.")
                    % {"id": pk, "field": Image._meta.get_field(field).verbose_name, "limit": limit}
                )
        texts[pk] = {field: text.strip() for field, text in fields.items()}
    return texts


def changed_texts(article: Article, posted: dict, user) -> dict[Image, list[str]]:
    """The pictures of ``article``'s body whose ``posted`` texts (parse_body_images) differ
    from what is stored in its language, with the new texts set but not saved, and the
    fields changed; a ValidationError naming any such picture ``user`` may not change.
    Texts of pictures no longer in the body are left alone."""
    in_body = set(body.image_ids(body.sanitize(article.body)))
    images = Image.objects.in_bulk([pk for pk in posted if pk in in_body])
    changes, refused = {}, []
    for pk, image in images.items():
        new = {
            field: text
            for field, text in posted[pk].items()
            if text != image.translation(article.language, field)
        }
        if not new:
            continue
        if not may_edit_texts(user, image, article):
            refused.append(str(pk))
        for field, text in new.items():
            image.set_translation(article.language, field, text)
        changes[image] = list(new)
    if refused:
        raise ValidationError(
            _("Only an editor may change the texts of pictures %(ids)s now.")
            % {"ids": ", ".join(refused)}
        )
    return changes


def save_texts(article: Article, changes: dict[Image, list[str]], by) -> None:
    """Save the pictures of ``changes`` (changed_texts), in the audit log of the articles
    readers see that show each one."""
    for image, fields in changes.items():
        image.save()
        fields = ", ".join(fields)
        log_image_change(image, by, f"{fields} in {article.language}, from the article form")
