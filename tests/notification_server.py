"""A desktop's notification server (org.freedesktop.Notifications) on a private D-Bus, on
which Chromium on Linux shows a web page's notifications, and a reader "clicks" them.

Run by tests/notifications.py with the system's Python (python3-gi, not the project's
virtualenv) on the bus it starts. It writes one JSON line per event to stdout:
{"event": "ready"} once it owns the name, {"event": "shown", "id", "title", "body",
"replaces"} for each Notify and {"event": "closed", "id"} for each CloseNotification. A line
"click <id>" on stdin clicks the notification as a desktop does (ActionInvoked "default").
"""

import json
import sys

from gi.repository import Gio, GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = Gio.DBusNodeInfo.new_for_xml(
    f"""<node><interface name="{NAME}">
  <method name="GetCapabilities"><arg type="as" direction="out"/></method>
  <method name="GetServerInformation">
    <arg type="s" direction="out"/><arg type="s" direction="out"/>
    <arg type="s" direction="out"/><arg type="s" direction="out"/>
  </method>
  <method name="Notify">
    <arg type="s"/><arg type="u"/><arg type="s"/><arg type="s"/><arg type="s"/>
    <arg type="as"/><arg type="a{{sv}}"/><arg type="i"/><arg type="u" direction="out"/>
  </method>
  <method name="CloseNotification"><arg type="u"/></method>
  <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
  <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
</interface></node>"""
).interfaces[0]

connection = None
last_id = 0


def tell(**event):
    print(json.dumps(event), flush=True)


def called(conn, sender, path, interface, method, parameters, invocation):
    global last_id
    if method == "GetCapabilities":
        invocation.return_value(GLib.Variant("(as)", (["actions", "body"],)))
    elif method == "GetServerInformation":
        invocation.return_value(GLib.Variant("(ssss)", ("newsdesk-tests", "newsdesk", "1", "1.2")))
    elif method == "Notify":
        _app, replaces, _icon, title, body, _actions, _hints, _timeout = parameters.unpack()
        # A notification that replaces another keeps its id, as the specification says.
        shown = replaces or last_id + 1
        last_id = max(last_id, shown)
        invocation.return_value(GLib.Variant("(u)", (shown,)))
        tell(event="shown", id=shown, title=title, body=body, replaces=replaces)
    elif method == "CloseNotification":
        (closed,) = parameters.unpack()
        invocation.return_value(None)
        conn.emit_signal(None, PATH, NAME, "NotificationClosed", GLib.Variant("(uu)", (closed, 3)))
        tell(event="closed", id=closed)


def command(source, condition):
    line = sys.stdin.readline()
    if not line:  # the test is done
        loop.quit()
        return False
    verb, shown = line.split()
    if verb == "click":
        connection.emit_signal(
            None, PATH, NAME, "ActionInvoked", GLib.Variant("(us)", (int(shown), "default"))
        )
    return True


def acquired(conn, name):
    global connection
    connection = conn
    conn.register_object(PATH, INTERFACE, called, None, None)


loop = GLib.MainLoop()
Gio.bus_own_name(
    Gio.BusType.SESSION,
    NAME,
    Gio.BusNameOwnerFlags.NONE,
    acquired,
    lambda conn, name: tell(event="ready"),
    lambda conn, name: loop.quit(),
)
GLib.io_add_watch(sys.stdin.fileno(), GLib.IO_IN | GLib.IO_HUP, command)
loop.run()
