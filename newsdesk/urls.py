from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from newsdesk.content.media import serve_media
from newsdesk.newsroom import preview
from newsdesk.newsroom.twofactor import totp_view

urlpatterns = [
    path("admin/totp/", admin.site.admin_view(totp_view), name="totp"),
    path("admin/", admin.site.urls),
    # Shared previews: outside /admin/, never stored by any cache (newsroom/preview.py).
    path("preview/<str:signed>/", preview.shared_preview, name="preview"),
    path("", include("newsdesk.trending.urls")),
    path("api/v1/", include("newsdesk.api.urls")),
    # Breaking-news alerts: the reader's page subscribes here (push/views.py).
    path("push/", include("newsdesk.push.urls")),
    path("", include("newsdesk.reader.pwa_urls")),
    # Renditions are drawn on first request: before /media/, which serves what exists.
    path("", include("newsdesk.content.rendition_urls")),
    # Uploaded originals, to whom may see them (content/media.py): Django decides, and with
    # MEDIA_ACCEL_REDIRECT the proxy sends the file.
    re_path(r"^media/(?P<path>.*)$", serve_media, name="media"),
]
urlpatterns += [path("", include("newsdesk.reader.sitemap_urls"))]
urlpatterns += i18n_patterns(
    path("", include("newsdesk.reader.urls")),
    path("", include("newsdesk.reader.feed_urls")),
    path("", include("newsdesk.search.urls")),
    path("", include("newsdesk.newsletters.urls")),
)

handler404 = "newsdesk.reader.views.page_not_found"
handler500 = "newsdesk.reader.views.server_error"
