"""Sitemaps and robots.txt, at the site root (outside the editions: they cover both)."""

from django.urls import path

from newsdesk.reader import sitemaps

app_name = "sitemaps"
urlpatterns = [
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_index, name="index"),
    path("sitemaps/<slug:section>.xml", sitemaps.sitemap_section, name="section"),
]
