"""Accounts in the admin (Authentication › Users): a role, a full name and a Person.

Staff status follows the roles: an account in one of them (or a superuser) gets into
the newsroom, one in none does not, so the form shows it read-only and saving sets it.
The add form asks for the email, the full name readers will see and the role, and
creates the account's Person. Colleagues are better invited (invitations.py): they
choose their own password and public name.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from newsdesk.content.models import Person
from newsdesk.newsroom import roles, translations
from newsdesk.newsroom.models import Invitation

ROLE_NAMES = [name for name, _label in Invitation.ROLES]
FULL_NAME_NEEDED = _("A newsroom account needs a full name: readers see it as the byline.")


class AccountCreationForm(AdminUserCreationForm):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        help_text=_('As credited on articles: "Ana Lima".'),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Invitation.ROLES,
        help_text=_("What the account may do in the newsroom (README, The newsroom)."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email exists already."))
        return email

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(FULL_NAME_NEEDED)
        return name

    def save(self, commit=True):
        user = super().save(commit=False)
        first, _space, last = self.cleaned_data["name"].partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.email = self.cleaned_data["email"]
        user.is_staff = True  # the role, given in save_related, makes it so
        if commit:
            user.save()
        return user


class AccountChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_staff" in self.fields:
            self.fields["is_staff"].disabled = True
            self.fields["is_staff"].help_text = _(
                "Given by the role: an account in a role (Writer, Translator, Editor, Admin) "
                "or a superuser signs in to the newsroom; one in none does not. Choose the "
                "role under Groups; to shut an account, untick Active."
            )

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        in_role = bool(cleaned.get("is_superuser")) or (
            groups is not None and any(group.name in ROLE_NAMES for group in groups)
        )
        name = f"{cleaned.get('first_name', '')}{cleaned.get('last_name', '')}".strip()
        if in_role and not name and "first_name" in self.fields:
            self.add_error("first_name", FULL_NAME_NEEDED)
        return cleaned


class AccountAdmin(UserAdmin):
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not change:
            user.groups.add(Group.objects.get(name=form.cleaned_data["role"]))
        staff = roles.has_role(user)
        if user.is_staff != staff:
            get_user_model().objects.filter(pk=user.pk).update(is_staff=staff)
            user.is_staff = staff
        # The byline of a newsroom account: there for her first article and to pick.
        if staff and user.get_full_name().strip() and not Person.objects.filter(user=user):
            translations.person_for(user)


def register(site) -> None:
    """Put ``AccountAdmin`` in place of Django's user admin on ``site`` (which importing
    django.contrib.auth.admin, above, has registered already)."""
    User = get_user_model()
    if site.is_registered(User):
        site.unregister(User)
    site.register(User, AccountAdmin)
