"""The newsletter's reader pages, under each edition's prefix: the sign-up form
(/<edition>/newsletter/), the confirmation link and the unsubscribe link.

None is kept by a cache (a form carries its CSRF token; a link page speaks of one
address), and the link pages are not for search engines. The link pages' buttons need no
CSRF token, nor so a cookie: the signed token in the address is their authority (another
site could only post a link it was sent, for the address it was sent to), a reader who
blocks cookies can confirm and unsubscribe, and the unsubscribe address takes RFC 8058's
one-click POST from a mail client, which has no cookie to send. Confirming or
unsubscribing twice changes nothing.
"""

import time

from django import forms
from django.core import signing
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from newsdesk.newsletters.models import CONFIRM_DAYS, Subscriber
from newsdesk.reader import page_meta
from newsdesk.trending.visitors import client_address

# Sign-ups one client address may make in an hour: enough for a household behind one
# address, too few to fill a stranger's inbox (each address is also limited on its own:
# models.RESEND_AFTER, MAX_CONFIRMATIONS).
SIGNUPS_PER_HOUR = 10


# What the newsletter is, on its page and in the page's description.
PITCH = gettext_lazy(
    "The day's top stories and the most read, in your inbox every morning. Free; "
    "unsubscribe with one click."
)


class SignupForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"), max_length=254)


def signups_key(address: str) -> str:
    """The cache key counting ``address``'s sign-ups in this clock hour."""
    return f"newsletter-signups:{address}:{int(time.time() // 3600)}"


def too_many_signups(request) -> bool:
    """Counts this sign-up against its client address's hourly allowance (in the cache,
    never the database); True once the allowance is spent."""
    key = signups_key(client_address(request.META))
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=3600)
        count = 1
    return count > SIGNUPS_PER_HOUR


def _page(request, template, context=None, *, status=200, title="", noindex=True):
    """A newsletter page; the sign-up form's (``noindex`` False) in every edition."""
    if noindex:
        meta = page_meta.plain_meta(None, title, "", noindex=True)
    else:
        meta = page_meta.plain_meta("newsletters:signup", title, str(PITCH))
    context = {"pitch": PITCH, **(context or {}), **page_meta.context(meta)}
    response = render(request, template, context, status=status)
    if noindex:
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    """The form; posted, a pending subscription whose link the worker emails."""
    form = SignupForm(request.POST if request.method == "POST" else None)
    title = _("The daily newsletter")
    if request.method == "POST":
        if too_many_signups(request):
            context = {"form": form, "too_many": True}
            response = _page(
                request, "newsletters/signup.html", context, status=429, title=title, noindex=False
            )
            response["Retry-After"] = str(3600 - int(time.time()) % 3600)
            return response
        if form.is_valid():
            email = form.cleaned_data["email"]
            Subscriber.sign_up(email, get_language())
            # The same answer whether the address was new, pending or confirmed: the page
            # must not tell a stranger who subscribes.
            context = {"email": email.strip().lower(), "days": CONFIRM_DAYS}
            return _page(
                request, "newsletters/check_email.html", context, title=_("Check your email")
            )
    status = 400 if form.is_bound else 200
    return _page(
        request,
        "newsletters/signup.html",
        {"form": form},
        status=status,
        title=title,
        noindex=False,
    )


def _link_error(request, *, expired: bool):
    """A confirmation or unsubscribe link that does not work, saying why."""
    title = _("This link has expired") if expired else _("This link does not work")
    context = {"expired": expired, "days": CONFIRM_DAYS}
    status = 410 if expired else 404
    return _page(request, "newsletters/link_error.html", context, status=status, title=title)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """The emailed link: shows a button (mail scanners open links, and must not
    subscribe anyone); pressing it confirms the address."""
    try:
        link = Subscriber.confirmed_by(token)
    except signing.SignatureExpired:
        return _link_error(request, expired=True)
    except signing.BadSignature:
        link = None
    if link is None:
        return _link_error(request, expired=False)
    subscriber = Subscriber.objects.named_by(link)
    if subscriber is None:  # forgotten after CONFIRM_DAYS, or unsubscribed since
        return _link_error(request, expired=True)
    if request.method == "POST" and not subscriber.is_confirmed:
        subscriber.confirm()
        return _page(
            request,
            "newsletters/confirmed.html",
            {"subscriber": subscriber, "just_now": True},
            title=_("You are subscribed"),
        )
    if subscriber.is_confirmed:
        return _page(
            request,
            "newsletters/confirmed.html",
            {"subscriber": subscriber},
            title=_("You are subscribed"),
        )
    return _page(
        request,
        "newsletters/confirm.html",
        {"subscriber": subscriber},
        title=_("Confirm your subscription"),
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET: a page with a button. POST (the button, or a mail client's one-click
    unsubscribe, RFC 8058): the address is deleted, with everything kept about it."""
    link = Subscriber.unsubscribed_by(token)
    if link is None:
        return _link_error(request, expired=False)
    subscriber = Subscriber.objects.named_by(link)
    if request.method == "POST":
        if subscriber is not None:
            subscriber.delete()
        return _page(request, "newsletters/unsubscribed.html", title=_("You are unsubscribed"))
    if subscriber is None:
        return _page(request, "newsletters/unsubscribed.html", title=_("You are unsubscribed"))
    return _page(
        request,
        "newsletters/unsubscribe.html",
        {"subscriber": subscriber},
        title=_("Unsubscribe"),
    )
