"""Addresses of the installable app outside the editions (the service worker's scope is /)."""

from django.urls import path, re_path

from newsdesk.reader import pwa

app_name = "pwa"
urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    re_path(r"^icons/(?P<name>[a-z0-9-]+)\.(?P<version>[0-9a-f]{12})\.png$", pwa.icon, name="icon"),
    # Stable addresses for the page's <head>, which cannot know the fingerprint.
    re_path(r"^icons/(?P<name>[a-z0-9-]+)\.png$", pwa.icon, name="icon-latest"),
]
