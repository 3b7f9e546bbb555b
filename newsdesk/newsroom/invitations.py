"""Invitations: an Admin invites a colleague by email with a role, in one form.

The worker emails the link (``send_due()``, a scheduler chore), never the request. The
link (``/admin/invitation/<token>/``, signed, 7 days, once) opens without signing in: the
colleague sets a password and her public name, role title and bio; her account joins
the role (which makes it staff) and her Person is created and linked, so she is her own
byline from her first article. She is then signed in, on the newsroom home.
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db.models import F
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from newsdesk.emails import send_each
from newsdesk.languages import edition_choices, site_language
from newsdesk.newsroom import roles
from newsdesk.newsroom.models import Invitation, unique_username
from newsdesk.newsroom.templatetags.newsroom_nav import NavLink

logger = logging.getLogger("newsdesk.worker")

# Invitations emailed per worker round, at most.
SEND_PER_ROUND = 50


def nav_links(user) -> list[NavLink]:
    if not roles.is_admin(user):
        return []
    return [NavLink(_("Invite a colleague"), reverse("admin:invite"))]


# Inviting ------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email"))
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Invitation.ROLES)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=edition_choices,
        help_text=gettext_lazy(
            "Of the invitation, and of the newsroom's emails to them once they join."
        ),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s already has an account.") % {"email": email}, code="taken"
            )
        if Invitation.objects.pending().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("%(email)s already has a pending invitation: send it again from the list.")
                % {"email": email},
                code="invited",
            )
        return email


def invite_view(request):
    """The invitation form, and the pending invitations to send again or revoke."""
    if not roles.is_admin(request.user):
        raise PermissionDenied
    action = request.POST.get("action", "invite")
    if request.method == "POST" and action in ("resend", "revoke"):
        invitation = Invitation.objects.pending().filter(pk=_id(request.POST.get("invitation")))
        invitation = invitation.first()
        if invitation is None:
            messages.error(request, _("That invitation is no longer pending."))
        elif action == "resend":
            invitation.send_again()
            messages.success(
                request,
                _("The invitation to %(email)s will be sent again shortly.")
                % {"email": invitation.email},
            )
        else:
            invitation.revoke()
            messages.success(
                request,
                _("The invitation to %(email)s is revoked: its link no longer works.")
                % {"email": invitation.email},
            )
        return redirect("admin:invite")
    form = InviteForm(
        request.POST if request.method == "POST" else None,
        initial={"language": translation.get_language()},
    )
    if form.is_valid():
        invitation = Invitation.create(by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Invitation saved for %(email)s as %(role)s: the worker emails it shortly.")
            % {"email": invitation.email, "role": invitation.get_role_display()},
        )
        return redirect("admin:invite")
    context = {
        **admin.site.each_context(request),
        "title": _("Invite a colleague"),
        "form": form,
        "pending": Invitation.objects.pending().select_related("invited_by"),
        "max_failures": Invitation.MAX_SEND_FAILURES,
    }
    return TemplateResponse(request, "newsroom/invite.html", context)


def _id(value) -> int | None:
    """A primary key from a form, within the database's integer range; else None."""
    if value is None or not str(value).isdigit() or len(str(value)) > 18:
        return None
    return int(value)


# Sending (the worker) ------------------------------------------------------------------


def send_due() -> str | None:
    """Email each invitation not sent yet, once: a scheduler chore.

    Each is claimed (``sent_at`` set) before it is sent, so of two workers only one sends
    it; one the mail server refuses is released for the next round, up to
    ``Invitation.MAX_SEND_FAILURES`` times (then an Admin sends it again from the list).
    """

    def claim(invitation: Invitation) -> Invitation | None:
        claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        return invitation if claimed else None  # else another worker has it

    def sent(invitation: Invitation) -> None:
        if settings.EMAIL_HOST:
            logger.info("invitation emailed to %s", invitation.email)
        else:  # printed, not sent (the demo): the log gives the link to pass on
            logger.info("invitation to %s: %s", invitation.email, invitation.address)

    def failed(invitation: Invitation, error: Exception) -> None:
        Invitation.objects.filter(pk=invitation.pk).update(
            sent_at=None, send_failures=F("send_failures") + 1
        )
        logger.warning("could not email the invitation to %s: %s", invitation.email, error)

    sent_count, failed_count = send_each(
        Invitation.objects.due().select_related("invited_by")[:SEND_PER_ROUND],
        claim=claim,
        message=invitation_email,
        sent=sent,
        failed=failed,
    )
    if not (sent_count or failed_count):
        return None
    return f"invitations: {sent_count} sent, {failed_count} to try again"


def invitation_email(invitation: Invitation, connection=None) -> EmailMessage:
    """The invitation, in the language the Admin chose for her."""
    inviter = invitation.invited_by
    with translation.override(site_language(invitation.language)):
        who = (inviter.get_full_name() or inviter.get_username()) if inviter else _("An Admin")
        expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M %Z")
        subject = _("You are invited to the %(site)s newsroom") % {"site": settings.SITE_NAME}
        body = _(
            "%(who)s invites you to join the %(site)s newsroom as %(role)s.\n\n"
            "Open this link to set your password and the name readers will see on your "
            "articles:\n\n%(link)s\n\nThe link works once, until %(expires)s.\n"
        ) % {
            "who": who,
            "site": settings.SITE_NAME,
            "role": invitation.get_role_display(),
            "link": invitation.address,
            "expires": expires,
        }
    return EmailMessage(subject, body, to=[invitation.email], connection=connection)


# Accepting -----------------------------------------------------------------------------


class AcceptForm(SetPasswordForm):
    """A password (Django's validators), then the name readers see, title and bio."""

    name = forms.CharField(
        label=gettext_lazy("Public name"),
        max_length=200,
        help_text=gettext_lazy('Your full name as credited on your articles: "Ana Lima".'),
    )
    role_title = forms.CharField(
        label=gettext_lazy("Role title"),
        max_length=100,
        required=False,
        help_text=gettext_lazy('Shown before your name: "Staff writer".'),
    )
    bio = forms.CharField(label=gettext_lazy("Bio"), required=False, widget=forms.Textarea)

    field_order = ["name", "role_title", "bio", "new_password1", "new_password2"]

    def __init__(self, invitation, *args, **kwargs):
        # The account as it will be: the password must not resemble its address or name.
        user = get_user_model()(username=invitation.email, email=invitation.email)
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Password again")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Type your full name."), code="required")
        first, _space, last = name.partition(" ")
        self.user.first_name, self.user.last_name = first, last
        return name

    def clean(self):
        # Made meanwhile under Authentication › Users: one account per address.
        if get_user_model().objects.filter(email__iexact=self.user.email).exists():
            raise forms.ValidationError(
                _("An account with this address exists already: sign in with it."),
                code="taken",
            )
        return super().clean()


def _gone(request, invitation, *, status):
    context = {
        **admin.site.each_context(request),
        "title": _("This invitation no longer works"),
        "invitation": invitation,
    }
    return _noindex(
        TemplateResponse(request, "newsroom/invitation_gone.html", context, status=status)
    )


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@csrf_protect
@sensitive_post_parameters("new_password1", "new_password2")
def accept_view(request, token):
    """The invitation link: no sign-in needed; works once, while the invitation is pending."""
    invitation = Invitation.from_signed(token)
    if invitation is None:
        return _gone(request, None, status=404)
    if not invitation.is_pending:
        return _gone(request, invitation, status=410)
    form = AcceptForm(invitation, request.POST if request.method == "POST" else None)
    if form.is_valid():
        user = invitation.accept(
            password=form.cleaned_data["new_password1"],
            name=form.cleaned_data["name"],
            role_title=form.cleaned_data["role_title"],
            bio=form.cleaned_data["bio"],
        )
        if user is None:  # accepted (or revoked) while this form was filled in
            invitation.refresh_from_db()
            return _gone(request, invitation, status=410)
        # Signed in by the link itself: no password was typed, so axes has nothing to count.
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome to the newsroom. Next time, sign in as %(username)s.")
            % {"username": user.get_username()},
        )
        return redirect("admin:index")
    context = {
        **admin.site.each_context(request),
        "title": _("Join the newsroom"),
        "form": form,
        "invitation": invitation,
        "username": unique_username(invitation.email),
    }
    return _noindex(TemplateResponse(request, "newsroom/invitation_accept.html", context))
