"""The VAPID key pair (RFC 8292) that signs every push: push services accept a
subscription's pushes only when signed by the key the page subscribed with.

From the settings (``VAPID_PRIVATE_KEY``, and ``VAPID_PUBLIC_KEY`` checked against it), or
generated once into ``var/vapid_private_key.pem`` (backed up with the other keys: lose it
and every subscription is dead). Several machines must share one key: set the variables.
"""

import base64
import functools
import os
import threading

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from py_vapid import Vapid02

KEY_FILE = "vapid_private_key.pem"
# Threads of one process share the temporary file's name: one makes the key at a time.
_making = threading.Lock()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@functools.cache
def vapid() -> Vapid02:
    """The key pair, read (or made, the first time) once per process. Safe from several
    threads: two that ask at once may both read it, and read the same key; signing with
    it keeps no state."""
    if settings.VAPID_PRIVATE_KEY:
        given = settings.VAPID_PRIVATE_KEY.strip()
        try:
            if given.startswith("-----BEGIN"):
                key = Vapid02.from_pem(given.encode())
            else:
                key = Vapid02.from_string(given)
        except Exception as error:
            raise ImproperlyConfigured(
                f"VAPID_PRIVATE_KEY is not a P-256 private key (PEM or base64url): {error}"
            ) from None
        if settings.VAPID_PUBLIC_KEY and settings.VAPID_PUBLIC_KEY != public_key_of(key):
            raise ImproperlyConfigured(
                "VAPID_PUBLIC_KEY is not the public key of VAPID_PRIVATE_KEY"
            )
        return key
    if settings.VAPID_PUBLIC_KEY:
        raise ImproperlyConfigured("VAPID_PUBLIC_KEY is set without VAPID_PRIVATE_KEY")
    path = settings.VAR_DIR / KEY_FILE
    with _making:
        if not path.exists():
            made = Vapid02()
            made.generate_keys()
            temporary = path.with_name(f"{KEY_FILE}.{os.getpid()}.tmp")
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(made.private_pem())
            try:
                # A link is made whole or not at all: of two processes starting at once,
                # one key wins and both read it.
                os.link(temporary, path)
            except FileExistsError:
                pass
            finally:
                temporary.unlink()
    return Vapid02.from_pem(path.read_bytes())


def public_key_of(key: Vapid02) -> str:
    raw = key.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(raw)


def application_server_key() -> str:
    """The public key as the page gives it to ``PushManager.subscribe()``."""
    return public_key_of(vapid())


@receiver(setting_changed)
def forget_key(setting, **kwargs):
    if setting in {"VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAR_DIR"}:
        vapid.cache_clear()
