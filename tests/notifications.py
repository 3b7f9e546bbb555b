"""A desktop for Chromium's notifications: a private session bus and a notification server
on it (tests/notification_server.py), so that a test can click a notification for real.

No browser can be told to click a notification (not through the DevTools protocol), and a
service worker may open or focus a window only while handling a real click. Chromium on
Linux shows notifications through the desktop's org.freedesktop.Notifications server when
one is on its session bus, and a click there reaches the service worker's
"notificationclick" as a reader's would.
"""

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

SERVER = Path(__file__).with_name("notification_server.py")
SYSTEM_PYTHON = "/usr/bin/python3"


class Desktop:
    def __init__(self, bus_address, server):
        self.bus_address = bus_address
        self._server = server
        self._events = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.next_event("ready")

    def _read(self):
        for line in self._server.stdout:
            self._events.put(json.loads(line))
        self._events.put({"event": "gone"})

    def next_event(self, kind, timeout=60):
        """The server's next event, which must be of ``kind`` ("shown", "closed")."""
        try:
            event = self._events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"the desktop saw no {kind} notification in {timeout}s") from None
        assert event["event"] == kind, event
        return event

    def click(self, shown):
        self._server.stdin.write(f"click {shown['id']}\n")
        self._server.stdin.flush()


def missing():
    """What this machine lacks for a desktop (Debian: dbus-daemon, python3-gi), if anything."""
    if not shutil.which("dbus-daemon"):
        return "dbus-daemon"
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import gi"], capture_output=True, check=False)
    return None if found.returncode == 0 else "python3-gi"


def start_desktop():
    """A session bus and the notification server on it: the desktop, and how to stop it.
    Skips the test where the machine lacks them, but in CI."""
    lacking = missing()
    if lacking:
        if os.environ.get("CI"):
            pytest.fail(f"{lacking} is missing in CI: .ci/run should have installed it")
        pytest.skip(f"no {lacking} here (apt-get install {lacking}); CI runs this test")
    bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    address = bus.stdout.readline().strip()
    server = subprocess.Popen(
        [SYSTEM_PYTHON, str(SERVER)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
    )

    def stop():
        server.stdin.close()  # the server's cue to quit
        server.wait(timeout=30)
        bus.terminate()
        bus.wait(timeout=30)

    try:
        return Desktop(address, server), stop
    except BaseException:
        stop()
        raise
