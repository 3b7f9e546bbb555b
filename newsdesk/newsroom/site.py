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
        from newsdesk.newsroom import notifications

        return [
            path(
                "notifications/",
                self.admin_view(notifications.notifications_view),
                name="notifications",
            ),
            path(
                "notifications/settings/",
                self.admin_view(notifications.settings_view),
                name="notification-settings",
            ),
            path(
                "notifications/<int:pk>/open/",
                self.admin_view(notifications.open_view),
                name="notification-open",
            ),
        ]

    def get_urls(self):
        return [*self.newsroom_urls(), *super().get_urls()]


class NewsroomAdminConfig(AdminConfig):
    default_site = "newsdesk.newsroom.site.NewsroomSite"
