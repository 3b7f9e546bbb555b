from django.urls import path, register_converter

from newsdesk.trending import views


class ArticleId:
    """An article id within the database's range; anything else is a 404."""

    regex = views.ID_DIGITS

    def to_python(self, value: str) -> int:
        number = views.article_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ArticleId, "article_id")

app_name = "trending"
urlpatterns = [
    path("read/<article_id:article_id>", views.read_beacon, name="beacon"),
    path("read/<article_id:article_id>.gif", views.read_pixel, name="pixel"),
]
