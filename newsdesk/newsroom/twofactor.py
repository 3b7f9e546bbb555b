"""Authenticator codes (TOTP, django-otp) for newsroom accounts.

Any staff member may enroll an authenticator app at /admin/totp/ (a QR code to scan,
then one code to confirm it). From then on signing in takes her password and a code;
a session signed in without one (from before she enrolled) is sent to the same page to
give one. With ``REQUIRE_TOTP`` an account without an authenticator is sent there to
enroll before it reaches any other newsroom page.
"""

import functools
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsdesk.reader.qr import ERROR_CORRECTION, QUIET_ZONE

CODE_WIDGET = forms.TextInput(
    attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
)


def confirmed_device(user) -> TOTPDevice | None:
    """``user``'s enrolled authenticator, if she has one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


class SignInForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The newsroom's sign-in: a password, then a code for those who enrolled."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        required=False,
        label=_("Authenticator code"),
        help_text=_("Only if you have enrolled an authenticator app."),
        widget=CODE_WIDGET,
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("This account needs the code from its authenticator app."),
        "invalid_token": _("That code is not right. Type the one your app shows now."),
    }

    def clean(self):
        super().clean()
        user = self.get_user()
        device = confirmed_device(user) if user else None
        if device is not None:
            # The device is ours to choose: the one this user enrolled.
            self.cleaned_data.update(otp_device=device.persistent_id, otp_challenge="")
            self.clean_otp(user)
        return self.cleaned_data


class CodeForm(forms.Form):
    otp_token = forms.CharField(label=_("Authenticator code"), max_length=8, widget=CODE_WIDGET)


def totp_view(request):
    """Enroll an authenticator (QR code, then a code), or give a code for this session."""
    device = confirmed_device(request.user)
    enrolling = device is None
    if enrolling:
        # One pending device per person: reloading the page shows the same QR code.
        device, _created = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "authenticator"}
        )
    form = CodeForm(request.POST or None)
    if form.is_valid():
        # verify_token refuses while django-otp throttles a run of wrong codes.
        if device.verify_token(form.cleaned_data["otp_token"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("otp_token", _("That code is not right (or too many tries: wait a bit)."))
    context = {
        **admin.site.each_context(request),
        "title": _("Enroll an authenticator") if enrolling else _("Authenticator code"),
        "form": form,
        "enrolling": enrolling,
        "required": settings.REQUIRE_TOTP,
        "next": request.GET.get("next", ""),
    }
    if enrolling:
        # As the app page draws its QR code (reader/qr.py), but never cached: it holds a secret.
        qr = segno.make(device.config_url, error=ERROR_CORRECTION, boost_error=False, micro=False)
        context["qr_svg"] = qr.svg_inline(
            scale=1, border=QUIET_ZONE, dark="#000", light="#fff", omitsize=True, lineclass=None
        )
        context["secret"] = b32encode(device.bin_key).decode()
    return TemplateResponse(request, "newsroom/totp.html", context)


def _next_url(request) -> str:
    url = request.GET.get("next", "")
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("admin:index")


class TOTPMiddleware:
    """Sends to /admin/totp/, from any newsroom page, staff whose session has no code but
    needs one: those who have enrolled, and (with REQUIRE_TOTP) everyone. Placed after
    django-otp's OTPMiddleware, which tells whether a session gave a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._needs_code(request):
            return redirect(f"{reverse('totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _needs_code(request) -> bool:
        # The path first: reader pages never load the session for this.
        path = request.path
        newsroom, open_paths = _paths(get_script_prefix())
        if not path.startswith(newsroom) or path in open_paths:
            return False
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return False
        return settings.REQUIRE_TOTP or confirmed_device(user) is not None


@functools.cache
def _paths(script_prefix: str) -> tuple[str, frozenset[str]]:
    """The newsroom's root and the paths in it open without a code: reversed once, as
    every request (a reader's too) asks."""
    return reverse("admin:index"), frozenset(
        {reverse("totp"), reverse("admin:login"), reverse("admin:logout")}
    )


@receiver(setting_changed)
def forget_paths(**kwargs) -> None:
    _paths.cache_clear()
