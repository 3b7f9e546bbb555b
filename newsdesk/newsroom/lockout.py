"""Sign-in throttling: django-axes, told how we see a client and what to count.

Failed sign-ins are kept in the database (axes' ``AccessAttempt``), so every server
worker and machine sees the same count. A client is locked out (no password is checked,
so no hashing either) once it fails ``AXES_FAILURE_LIMIT`` times for one username, or
``LOGIN_ADDRESS_FAILURE_LIMIT`` times for any usernames, from one address. Never by
username alone: that would let anyone lock an editor out by typing her name.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

from newsdesk.trending.visitors import client_address


def client_ip(request) -> str:
    """The address axes counts: ours, behind exactly TRUSTED_PROXIES proxies."""
    return client_address(request.META)


class SignInAttempts(AxesDatabaseHandler):
    """Axes' database handler with a higher limit for an address than for a username
    at that address (axes has one limit for every lockout parameter)."""

    def get_failures(self, request, credentials=None) -> int:
        # In the order of AXES_LOCKOUT_PARAMETERS: (username, address), then address.
        per_username, per_address = (
            attempts.values_list("failures_since_start", flat=True)
            for attempts in self.get_user_attempts(request, credentials)
        )
        # An address's failures, scaled so that its own limit reaches AXES_FAILURE_LIMIT.
        scaled = sum(per_address) * settings.AXES_FAILURE_LIMIT
        return max(sum(per_username), scaled // settings.LOGIN_ADDRESS_FAILURE_LIMIT)


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets: what happened, how long, who can help."""
    seconds = int(get_cool_off(request).total_seconds())
    context = {**admin.site.each_context(request), "minutes": -(-seconds // 60)}
    response = render(request, "newsroom/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
