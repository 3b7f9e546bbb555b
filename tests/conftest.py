"""Shared fixtures: fast settings, a private media folder, the demo newsroom."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def test_settings(settings, tmp_path):
    """Fast hashing, static files without a collected manifest, media in a temp folder."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings


@pytest.fixture(autouse=True)
def english_outside_requests():
    """URLs built in a test are in the English edition unless the test says otherwise.

    (A request to another edition leaves its language active in the test's thread.)
    """
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """One media folder for the demo's drawn images, so each worker draws them once."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture
def demo(db, settings, demo_media):
    """The demo newsroom, loaded as `newsdesk demo` loads it."""
    from newsdesk.content.demo import load_demo

    settings.MEDIA_ROOT = demo_media
    load_demo()


@pytest.fixture
def editor(django_user_model):
    """An admin-site user who may edit everything (roles proper arrive with the newsroom)."""
    return django_user_model.objects.create_superuser("edith", "edith@example.test", "pw")
