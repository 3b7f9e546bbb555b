from django.urls import path

from newsdesk.trending import views

app_name = "trending"
urlpatterns = [
    path("read/<int:article_id>", views.read_beacon, name="beacon"),
    path("read/<int:article_id>.gif", views.read_pixel, name="pixel"),
]
