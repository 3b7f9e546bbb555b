from django.urls import path, register_converter

from newsdesk.reader import apppage, pwa, views


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class UnicodeSlug:
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TwoDigits, "dd")
register_converter(UnicodeSlug, "uslug")

app_name = "reader"
urlpatterns = [
    path("", views.home, name="home"),
    path("app/", apppage.app_page, name="app"),
    path("offline/", pwa.offline_page, name="offline"),
    path("section/<slug:slug>/", views.section_page, name="section"),
    path("column/<slug:slug>/", views.column_page, name="column"),
    path("people/<slug:slug>/", views.person_page, name="person"),
    path("tag/<uslug:slug>/", views.tag_page, name="tag"),
    path("<int:year>/<dd:month>/<dd:day>/<uslug:slug>/", views.article_page, name="article"),
]
