"""Previews: an article's page exactly as readers will see it, before they can.

Staff who may view an article open its preview from the change form (any status); for
someone with no account (a lawyer, a source) whoever may edit it makes a shareable link
(``PreviewLink``): signed, expiring, revocable, outside /admin/. Both render the reader's
own article page (``reader.views.article_context``) with a banner, and neither is ever
stored by a cache nor indexed: ``private, no-store`` and ``noindex`` on every answer, no
surrogate keys (so the page store never keeps one), and paths below /preview/ are never
looked up in the page store (caching/front.py).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from newsdesk.caching.headers import never_cache_publicly
from newsdesk.content.models import Article
from newsdesk.newsroom import roles, workflow
from newsdesk.newsroom.models import AuditEntry, PreviewLink
from newsdesk.reader import page_meta
from newsdesk.reader.views import article_context


def never_stored(response):
    """No cache (browser, proxy, CDN, the page store) keeps a preview; no engine indexes it."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    return never_cache_publicly(response)


def render_preview(request, article: Article, *, link: PreviewLink | None = None):
    """``article``'s reader page as it is saved now, marked as a preview."""
    article = get_object_or_404(Article.objects.for_page(), pk=article.pk)
    with translation.override(article.language):
        context, _keys = article_context(article)
        meta = context["meta"]
        meta.noindex = True
        if not article.is_published:
            # Its public address answers 404 until it is published: name no address.
            meta.canonical, meta.alternates, meta.x_default = "", [], ""
            context["alternates"] = []
        context.update(preview=True, preview_link=link)
        response = TemplateResponse(request, "newsroom/preview_page.html", context)
        response.render()
    return never_stored(response)


@require_safe
def staff_preview(request, pk):
    """The preview for staff who may view the article (any status)."""
    article = get_object_or_404(Article, pk=pk)
    if not roles.can_view(request.user, article):
        raise PermissionDenied
    return render_preview(request, article)


# The pictures of an unpublished article are not public (content/media.py): opening a
# link leaves this signed cookie, sent with requests for pictures only, naming the link.
COOKIE = "newsdesk_preview"


def opens(link: PreviewLink | None) -> bool:
    """Does ``link`` open its article now? Not revoked, not expired, and its maker may
    still view the article (a link stops with an account closed or a role taken away)."""
    if link is None or not link.is_active or link.created_by is None:
        return False
    return roles.can_view(link.created_by, link.article)


def previewed_articles(request):
    """The article (a QuerySet) whose shared preview this browser opened, while the link
    holds; None without one."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=PreviewLink.SALT)
    if value is None:
        return None
    link = PreviewLink.objects.select_related("article", "created_by").filter(pk=value).first()
    return Article.objects.filter(pk=link.article_id) if opens(link) else None


@require_safe
def shared_preview(request, signed):
    """The preview behind a shared link: no account needed, while the link holds."""
    link = PreviewLink.from_signed(
        signed, PreviewLink.objects.select_related("article", "created_by")
    )
    if link is None:
        raise Http404(_("No such preview."))
    if not opens(link):
        meta = page_meta.plain_meta(
            None,
            _("This preview link no longer works"),
            _("It has expired or was withdrawn. Ask whoever sent it for a new one."),
            noindex=True,
        )
        context = {"link": link, **page_meta.context(meta)}
        response = TemplateResponse(request, "newsroom/preview_gone.html", context, status=410)
        return never_stored(response.render())
    response = render_preview(request, link.article, link=link)
    response.set_signed_cookie(
        COOKIE,
        str(link.pk),
        salt=PreviewLink.SALT,
        expires=link.expires_at,
        path=settings.MEDIA_URL,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@require_POST
def create_link(request, pk):
    """Make a shareable link (POST ``days``, ``label``) for whoever may edit the article."""
    article = get_object_or_404(Article, pk=pk)
    if not roles.can_edit(request.user, article):
        raise PermissionDenied
    try:
        days = int(request.POST.get("days", PreviewLink.DEFAULT_DAYS))
    except ValueError:
        days = None
    if days not in PreviewLink.LIFETIMES:
        raise PermissionDenied  # the form offers only these: this came from elsewhere
    link = PreviewLink.create(article, request.user, days=days, label=request.POST.get("label", ""))
    expires = timezone.localtime(link.expires_at).isoformat(timespec="minutes")
    detail = f"link {link.pk}" + (f" for {link.label}" if link.label else "") + f", until {expires}"
    workflow.log(article, AuditEntry.Action.PREVIEW_SHARED, request.user, detail=detail)
    messages.success(request, _("Preview link made: copy it from the Preview panel."))
    return redirect("admin:content_article_change", pk)


@require_POST
def revoke_link(request, pk, link_pk):
    """Withdraw a link: whoever may edit the article, or the link's maker."""
    link = get_object_or_404(PreviewLink, pk=link_pk, article_id=pk)
    if not (roles.can_edit(request.user, link.article) or link.created_by_id == request.user.pk):
        raise PermissionDenied
    if link.revoked_at is None:
        link.revoke()
        detail = f"link {link.pk}" + (f" for {link.label}" if link.label else "")
        workflow.log(link.article, AuditEntry.Action.PREVIEW_REVOKED, request.user, detail=detail)
    messages.success(request, _("Preview link withdrawn: it no longer opens the article."))
    return redirect("admin:content_article_change", pk)
