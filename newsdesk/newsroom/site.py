"""The newsroom's site: Django's admin, with the newsroom's own home and pages.

``NewsroomAdminConfig`` stands in INSTALLED_APPS for ``django.contrib.admin``, so
``admin.site`` (where every ModelAdmin registers) is a ``NewsroomSite``. Each newsroom
page that is not a model's list or form is a URL in ``newsroom_urls()``, wrapped in
``admin_view`` (signed-in staff only, never cached).
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path


class RecordAdmin(admin.ModelAdmin):
    """The list of what a program records (the audit trail, pushes, newsletter issues): the
    newsroom reads it and edits nothing in it. ``seen_by``, a predicate of newsroom/roles.py
    (as a staticmethod), says who sees it; None: whom the model's view permission lets in."""

    seen_by = None

    def has_module_permission(self, request):
        if self.seen_by is None:
            return super().has_module_permission(request)
        return self.seen_by(request.user)

    def has_view_permission(self, request, obj=None):
        if self.seen_by is None:
            return super().has_view_permission(request, obj)
        return self.seen_by(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NewsroomSite(admin.AdminSite):
    site_url = "/"
    login_template = "newsroom/login.html"

    def __init__(self, name="admin"):
        # Imported here: this module is loaded with the app list, before any model.
        from newsdesk.newsroom.twofactor import SignInForm

        super().__init__(name)
        self.login_form = SignInForm
        self.site_header = self.site_title = f"{settings.SITE_NAME} newsroom"

    def newsroom_urls(self) -> list:
        """The newsroom's own pages, named in the admin's namespace ("admin:…")."""
        from newsdesk.newsroom import front, invitations, notifications

        view = self.admin_view
        return [
            path("front/", view(front.arrange), name="front"),
            path("front/change/", view(front.change), name="front-change"),
            path("front/preview/", view(front.preview), name="front-preview"),
            path("notifications/", view(notifications.notifications_view), name="notifications"),
            path(
                "notifications/settings/",
                view(notifications.settings_view),
                name="notification-settings",
            ),
            path(
                "notifications/<int:pk>/open/",
                view(notifications.open_view),
                name="notification-open",
            ),
            path("invite/", view(invitations.invite_view), name="invite"),
            # Opened before the invitee has an account: not behind admin_view.
            path("invitation/<str:token>/", invitations.accept_view, name="invitation-accept"),
        ]

    def index(self, request, extra_context=None):
        """The newsroom home: each person's work first, then the list of everything."""
        from newsdesk.newsroom import home

        return home.index(self, request, extra_context)

    def get_urls(self):
        return [*self.newsroom_urls(), *super().get_urls()]


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsdesk.newsroom.site.NewsroomSite"
