#!/usr/bin/python3
"""run-lockdown.py — every way out of the program, tried under Xvfb (issue 7, §5)

The real sskiosk in service (no --windowed) is given each escape a person at
the touchscreen, with a keyboard plugged in, or a program on the session bus
could try — keys through xdotool (XTEST, as a keyboard would), a right and a
middle click on the text field, the window manager's close request
(WM_DELETE_WINDOW), GTK's inspector through the environment and its key
bindings with GTK's own setting that enables them switched on, D-Bus calls to
the application — on the attract page, the form's address field and the
signature pad; and a start with each environment variable the program
refuses in service (LD_PRELOAD, GTK_MODULES, GOBJECT_DEBUG, G_DEBUG…), which
must end at once with status 1, while --windowed keeps them. An escape works when afterwards the program is gone, its
window is unmapped or not focused, another window of it is visible (an
inspector, a dialog, a file chooser), it started another program (an URL or
file opener), or the page left the kiosk's pages. The same attempts in
--windowed (development) mode are the control: the inspector must open
there, which shows the test can see one.

The binary is also checked: it imports none of GTK's file choosers, URI
launchers, link buttons or print dialogs, and no template has a link.

Writes <out>/lockdown.md and <out>/lockdown.json; the figure is the number
of escapes that work in service (must be 0).
"""

import argparse
import ctypes
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_reliability as R  # noqa: E402

KIOSK_PAGES = {"recovering", "attract", "out-of-service", "working", "id-card", "id-number",
               "camera", "form-phone", "form-bank", "form-postal", "form-details", "review",
               "signature", "choose-card", "choose-functions", "confirm", "insert-card",
               "production", "take-card", "result", "done", "refused", "failed"}
SIMULATORS = {"kiosk-idreader-s", "kiosk-vcard", "pcscd", "dbus-daemon"}

KEYS = [
    ("alt+F4", "close the window (window manager)"),
    ("ctrl+q", "quit"),
    ("ctrl+w", "close the window"),
    ("F10", "open the menu bar"),
    ("shift+F10", "context menu"),
    ("Menu", "context menu key"),
    ("ctrl+shift+i", "GTK inspector"),
    ("ctrl+shift+d", "GTK inspector"),
    ("Escape", "leave, close"),
    ("ctrl+o", "open a file"),
    ("ctrl+s", "save a file"),
    ("ctrl+p", "print dialog"),
    ("F1", "help (a URL opener)"),
    ("ctrl+comma", "preferences"),
    ("ctrl+n", "new window"),
    ("F11", "leave full screen"),
    ("super", "desktop menu"),
    ("alt+Tab", "switch windows"),
    ("ctrl+period", "emoji chooser"),
]

# In the text field: the keys a text widget or its window handles.
FIELD_KEYS = {"alt+F4", "ctrl+q", "ctrl+w", "F10", "shift+F10", "Menu", "ctrl+shift+i",
              "ctrl+shift+d", "Escape", "ctrl+o", "ctrl+p", "F1", "ctrl+period"}
# CI's share of them (KIOSK_RELIABILITY_FULL=1: all, and the middle click):
# the form has no text entry any more (the address editor is an on-screen
# keyboard), so what matters there is what the focused editor or its window
# could do with a key — close, quit, the inspector, leave — and its context
# menu; the window's other shortcuts are tried on the attract page. Each
# attempt costs about 4 s there under ASan (the page re-renders).
FIELD_KEYS_CI = {"alt+F4", "ctrl+q", "ctrl+shift+i", "Escape", "shift+F10"}


def parse_args():
    parser = argparse.ArgumentParser()
    R.add_arguments(parser)
    return parser.parse_args()


def sh(*argv):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True).stdout.strip()


def visible_windows(pid):
    return set(sh("xdotool", "search", "--onlyvisible", "--pid", str(pid)).split())


def override_redirect(window):
    """Popovers and menus are override-redirect X windows inside the kiosk's
    own surface; a dialog, an inspector or a file chooser is a toplevel."""
    return "Override Redirect State: yes" in sh("xwininfo", "-id", window, "-all")


def toplevels(windows):
    return {window for window in windows if not override_redirect(window)}


def root_children():
    return len([line for line in sh("xwininfo", "-root", "-children").splitlines()
                if line.startswith("     0x")])


def send_wm_delete(window):
    """The close request a window manager sends (what Alt+F4 and the title
    bar's × do): a WM_PROTOCOLS ClientMessage with WM_DELETE_WINDOW."""
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XInternAtom.restype = ctypes.c_ulong
    x11.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x11.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                               ctypes.c_void_p]
    x11.XFlush.argtypes = [ctypes.c_void_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]

    class ClientMessage(ctypes.Structure):
        _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong),
                    ("send_event", ctypes.c_int), ("display", ctypes.c_void_p),
                    ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                    ("format", ctypes.c_int), ("data", ctypes.c_long * 5),
                    ("pad", ctypes.c_long * 12)]

    display = x11.XOpenDisplay(None)
    event = ClientMessage()
    event.type = 33  # ClientMessage
    event.window = int(window)
    event.message_type = x11.XInternAtom(display, b"WM_PROTOCOLS", 0)
    event.format = 32
    event.data[0] = x11.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    event.data[1] = 0  # CurrentTime
    x11.XSendEvent(display, int(window), 0, 0, ctypes.byref(event))
    x11.XFlush(display)
    x11.XCloseDisplay(display)


class Lockdown:
    def __init__(self, k, windowed):
        self.k = k
        self.windowed = windowed
        self.results = []

    def snapshot(self):
        pid = self.k.app.pid
        return {"alive": self.k.app.poll() is None, "windows": visible_windows(pid),
                "focus": sh("xdotool", "getwindowfocus"), "roots": root_children(),
                "children": {name for _, name in R.children(pid)} - SIMULATORS,
                "page": self.k.page()}

    def attempt(self, where, name, purpose, action, settle=0.4):
        before = self.snapshot()
        action()
        # GTK handles a key at once and maps a dialog soon after; the
        # inspector keys get longer. Whatever opens later still shows in the
        # late check of the place (late_check), which waits longer once.
        time.sleep(1.5 if "shift+" in name and name[-1] in "id" else settle)
        after = self.snapshot()
        escaped = []
        if not after["alive"]:
            escaped.append("the program ended (%s)" % self.k.app.returncode)
        else:
            if toplevels(after["windows"] - before["windows"]):
                escaped.append("a new window appeared")
            if not after["windows"] & before["windows"]:
                escaped.append("the kiosk window is gone")
            if after["focus"] not in after["windows"] and after["focus"] != before["focus"]:
                escaped.append("the focus left the kiosk window")
            if after["children"] - before["children"]:
                escaped.append("started %s" % sorted(after["children"] - before["children"]))
            if after["page"] not in KIOSK_PAGES:
                escaped.append("left the kiosk's pages (%s)" % after["page"])
        note = ""
        if after["alive"] and not escaped and after["windows"] - before["windows"]:
            note = "a popover inside the kiosk window"
        if after["alive"] and after["page"] != before["page"]:
            note = (note + "; " if note else "") + "page %s → %s" % (before["page"],
                                                                    after["page"])
        self.results.append({"where": where, "escape": name, "purpose": purpose,
                             "worked": bool(escaped), "what": "; ".join(escaped),
                             "note": note, "windowed": self.windowed})
        # Close whatever opened, so the next attempt starts from the same place.
        if after["alive"] and (escaped or note):
            for window in after["windows"] - before["windows"]:
                sh("xdotool", "windowunmap", window)
            sh("xdotool", "key", "Escape")
            time.sleep(0.3)
        return bool(escaped)


    def late_check(self, where, baseline, wait=2.5):
        """Once after the attempts at a place: a window, a program or an exit
        that came too late for its attempt's own check still counts."""
        time.sleep(wait)
        after = self.snapshot()
        escaped = []
        if not after["alive"]:
            escaped.append("the program ended (%s)" % self.k.app.returncode)
        else:
            if toplevels(after["windows"] - baseline["windows"]):
                escaped.append("a new window appeared")
            if after["children"] - baseline["children"]:
                escaped.append("started %s" % sorted(after["children"] - baseline["children"]))
            if after["page"] not in KIOSK_PAGES:
                escaped.append("left the kiosk's pages (%s)" % after["page"])
        self.results.append({"where": where, "escape": "(late check, %.1f s after)" % wait,
                             "purpose": "anything the attempts above opened slowly",
                             "worked": bool(escaped), "what": "; ".join(escaped),
                             "note": "", "windowed": self.windowed})


def key_action(keys):
    return lambda: sh("xdotool", "key", "--clearmodifiers", keys)


def focus_kiosk(k):
    windows = visible_windows(k.app.pid)
    if windows:
        window = sorted(windows)[0]
        sh("xdotool", "windowfocus", "--sync", window)
        return window
    return None


def go_to_details(k):
    """The form's last question, its address editor open."""
    R.drive_green_channel(k, R.ui.PERSON_GREEN, until="form-details")
    # The address editor open: where a citizen types (the on-screen keyboard
    # since the citizen's pages lost their last text entry).
    R.act_quietly(k, "address-key", k.s("edit"))
    time.sleep(0.3)


def to_signature(k):
    if k.page() == "form-details":
        R.act_quietly(k, "address-key", k.s("cancel"))
        time.sleep(0.3)
        R.act_quietly(k, "next")
        try:
            k.wait_page("review", 20)
            k.act("next")
            k.wait_page("signature", 20)
            k.act("add-stroke", R.variant("a(dd)", [(0.1, 0.5), (0.3, 0.3), (0.5, 0.6),
                                                    (0.8, 0.4)]))
            return
        except R.TestFailure:
            pass
    k.home()
    R.drive_green_channel(k, R.ui.PERSON_GREEN, until="signature")


def click_field(k, button):
    import pyatspi
    node = next((node for name, _, node in k.accessibles() if name == "通信地址"
                 and node.getRoleName() in ("entry", "text")), None)
    if node is not None:
        box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        x, y, width, height = box.x, box.y, box.width, box.height
    else:
        # No text entry (the address is typed on the on-screen keyboard):
        # the middle of the window, inside the address editor.
        window = focus_kiosk(k)
        R.check(window is not None, "no kiosk window on " + str(k.page()))
        shell = dict(line.split("=", 1) for line in sh(
            "xdotool", "getwindowgeometry", "--shell", window).splitlines() if "=" in line)
        x, y = int(shell.get("X", 0)), int(shell.get("Y", 0))
        width, height = int(shell.get("WIDTH", 2)), int(shell.get("HEIGHT", 2))
    return lambda: sh("xdotool", "mousemove", "--sync", str(x + width // 2), str(y + height // 2),
                      "click", str(button))


def dbus_attempts(k):
    """What another program on the session bus could ask of the application."""
    from gi.repository import GLib
    attempts = []

    def call(interface, method, parameters, reply):
        def run():
            try:
                k.bus.call_sync(R.ui.APP_ID, R.ui.OBJECT_PATH, interface, method, parameters,
                                GLib.VariantType(reply), 0, 5000, None)
            except GLib.Error:
                pass
        return run

    for action in ["quit", "inspector", "app.quit", "win.close", "window.close"]:
        attempts.append(("D-Bus: activate %s" % action, "quit or close through the actions",
                         call("org.gtk.Actions", "Activate",
                              GLib.Variant("(sava{sv})", (action, [], {})), "()")))
    attempts.append(("D-Bus: org.gtk.Application.Open file:///etc/passwd",
                     "open a file or URL through the application",
                     call("org.gtk.Application", "Open",
                          GLib.Variant("(assa{sv})", (["file:///etc/passwd"], "", {})), "()")))
    attempts.append(("D-Bus: org.gtk.Application.Activate", "a second window",
                     call("org.gtk.Application", "Activate", GLib.Variant("(a{sv})", ({},)),
                          "()")))
    return attempts


def run_mode(k, windowed, env, tap, full=False):
    lock = Lockdown(k, windowed)
    mode = "windowed (control)" if windowed else "in service"
    # GTK_DEBUG=interactive in the environment at start: one window only.
    # The control also carries a variable refused in service (GOBJECT_DEBUG):
    # the development mode keeps it.
    k.start(env=dict(env, GOBJECT_DEBUG="instance-count") if windowed else env,
            windowed=windowed)
    k.wait_page("attract", 60)
    time.sleep(2.0)
    windows = toplevels(visible_windows(k.app.pid))
    lock.results.append({"where": "start",
                         "escape": "GTK_DEBUG=interactive GTK_INSPECTOR_DISPLAY=$DISPLAY",
                         "purpose": "GTK inspector from the environment",
                         "worked": len(windows) > 1,
                         "what": "%d windows at start" % len(windows) if len(windows) > 1
                         else "", "note": "", "windowed": windowed})
    if windowed and not full:
        # CI: the inspector that opened from the environment is the control
        # (the same detection of a new window as every attempt's).
        k.stop()
        return lock.results
    if windowed:
        # The control: the key binding opens the inspector in development mode.
        k.stop()
        k.start(env=dict(env, GTK_DEBUG=""), windowed=True)
        k.wait_page("attract", 60)
        focus_kiosk(k)
        baseline = lock.snapshot()
        if not lock.attempt("attract", "ctrl+shift+i", "GTK inspector",
                            key_action("ctrl+shift+i")):
            lock.late_check("attract", baseline)
        k.stop()
        return lock.results
    phase = time.monotonic()

    def lap(name):
        nonlocal phase
        tap.note("%s: %s %.1f s" % (mode, name, time.monotonic() - phase))
        phase = time.monotonic()

    lap("start")
    window = focus_kiosk(k)
    baseline = lock.snapshot()
    for keys, purpose in KEYS:
        focus_kiosk(k)
        lock.attempt("attract", keys, purpose, key_action(keys))
    lock.attempt("attract", "WM_DELETE_WINDOW", "the window manager's close request",
                 lambda: send_wm_delete(window))
    for name, purpose, action in dbus_attempts(k):
        lock.attempt("attract", name, purpose, action)
    lock.late_check("attract", baseline)
    lap("attract page")
    # The form's text field: keys, a right click (context menu), a middle click.
    go_to_details(k)
    click_field(k, 1)()
    time.sleep(0.3)
    baseline = lock.snapshot()
    for keys, purpose in [key for key in KEYS if key[0] in (FIELD_KEYS if full
                                                            else FIELD_KEYS_CI)]:
        if k.page() != "form-details":
            k.home()
            go_to_details(k)
            click_field(k, 1)()
        lock.attempt("address field", keys, purpose, key_action(keys))
    for button, purpose in [(3, "context menu of the text field"),
                            (2, "paste (middle click)")][:2 if full else 1]:
        if k.page() != "form-details":
            k.home()
            go_to_details(k)
        lock.attempt("address field", "mouse button %d" % button, purpose,
                     click_field(k, button))
    lock.late_check("address field", baseline)
    lap("address field")
    # The signature pad: keys while drawing — on from the form where the
    # attempts left it (a flow from the start if they did not).
    to_signature(k)
    baseline = lock.snapshot()
    for keys in ["alt+F4", "ctrl+q", "ctrl+shift+i", "F10", "Escape"]:
        if k.page() != "signature":
            break
        focus_kiosk(k)
        lock.attempt("signature", keys, "", key_action(keys))
    lock.late_check("signature", baseline)
    lap("signature")
    status = k.stop()
    lock.results.append({"where": "stop", "escape": "SIGTERM", "purpose": "systemd's stop",
                         "worked": False, "what": "", "note": "exit status %s" % status,
                         "windowed": False})
    tap.note("%s: %d attempts" % (mode, len(lock.results)))
    return lock.results


# Variables the program refuses in service (ui/main.c): each would bring
# foreign code into the process or was read before main(). The value given
# is harmless in itself; the program must not start at all.
REFUSED_ENV = [("LD_PRELOAD", "libm.so.6"), ("LD_AUDIT", "libm.so.6"),
               ("LD_LIBRARY_PATH", "/tmp"), ("GTK_MODULES", "gail"), ("GTK_PATH", "/tmp"),
               ("GTK_EXE_PREFIX", "/tmp"), ("GIO_EXTRA_MODULES", "/tmp"),
               ("GST_PLUGIN_PATH", "/tmp"), ("GOBJECT_DEBUG", "instance-count"),
               ("G_DEBUG", "fatal-warnings")]


def environment_checks(k):
    """Starts the program in service once with each refused variable: it must
    exit with status 1 before it shows anything, naming the variable."""
    results = []
    for name, value in REFUSED_ENV:
        since = k.log_size()
        # ASan (./kiosk.sh test) would itself object to a preloaded library
        # coming before its runtime; let the program's own check answer.
        k.start(env={name: value, "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "")
                     + ":detect_leaks=0:verify_asan_link_order=0"}, wait=False)
        try:
            status = k.app.wait(timeout=30)
        except subprocess.TimeoutExpired:
            k.kill()
            status = "still running after 30 s"
        with open(k.log_path, "rb") as log:
            log.seek(since)
            text = log.read().decode("utf-8", errors="replace")
        said = "%s is set: refused in service" % name in text
        results.append({"where": "start", "escape": "%s=%s" % (name, value),
                        "purpose": "debug or foreign code from the environment",
                        "worked": not (status == 1 and said),
                        "what": "" if status == 1 and said else
                        "exit status %s, message %s" % (status, "given" if said else "missing"),
                        "note": "refused, status 1", "windowed": False})
    return results


def static_checks(args):
    """No file chooser, URI launcher, link button or print dialog in the binary."""
    forbidden = ["gtk_show_uri", "gtk_file_chooser", "gtk_file_dialog", "gtk_uri_launcher",
                 "gtk_link_button", "gtk_print_operation", "gtk_print_unix_dialog",
                 "g_app_info_launch_default_for_uri", "gtk_application_set_menubar",
                 "gtk_popover_menu_bar", "gtk_about_dialog", "gtk_show_about_dialog"]
    symbols = sh("nm", "-D", "--undefined-only", args.sskiosk)
    found = sorted({line.split()[-1] for line in symbols.splitlines()
                    if any(line.split()[-1].startswith(name) for name in forbidden)})
    ui_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ui")
    links = []
    for root, _, files in os.walk(ui_dir):
        for name in files:
            if name.endswith((".ui", ".c")):
                with open(os.path.join(root, name), encoding="utf-8", errors="replace") as text:
                    body = text.read()
                for needle in ["<a href", "&lt;a href", "GtkLinkButton", "gtk_link_button"]:
                    if needle in body:
                        links.append("%s: %s" % (name, needle[:14]))
    return found, links


def main():
    args = parse_args()
    if not args.inner:
        missing = R.missing_tools()
        if missing or not os.path.exists("/usr/bin/xwininfo"):
            print("1..0 # SKIP not installed: " + " ".join(missing + ["x11-utils"]))
            return 77
        os.makedirs(args.out, exist_ok=True)
        return R.reexec_under_xvfb(args)

    tap = R.Tap()
    k = R.Kiosk(args, "lockdown")
    # GTK's own setting that enables the inspector's key bindings, switched
    # on, and GTK_DEBUG=interactive: the program must refuse both in service.
    settings = os.path.join(k.dir, "xdg-config", "glib-2.0", "settings")
    os.makedirs(settings)
    with open(os.path.join(settings, "keyfile"), "w", encoding="utf-8") as out:
        out.write("[org/gtk/gtk4/settings/debug]\nenable-inspector-keybinding=true\n"
                  "inspector-warning=false\n")
    env = {"GSETTINGS_BACKEND": "keyfile", "XDG_CONFIG_HOME": os.path.join(k.dir, "xdg-config"),
           "GTK_DEBUG": "interactive", "GTK_INSPECTOR_DISPLAY": os.environ.get("DISPLAY", "")}
    results = []
    try:
        full = os.environ.get("KIOSK_RELIABILITY_FULL") == "1"
        started = time.monotonic()
        control = run_mode(k, True, env, tap, full)
        tap.note("control (--windowed): %.1f s" % (time.monotonic() - started))
        results += control
        service = run_mode(k, False, env, tap, full)
        ignored = "GTK_DEBUG ignored in service" in open(k.log_path, encoding="utf-8",
                                                         errors="replace").read()
        started = time.monotonic()
        service += environment_checks(k)
        tap.note("environment checks: %.1f s" % (time.monotonic() - started))
        results += service
    finally:
        k.close()
    control_seen = any(r["worked"] for r in control)
    tap.result(control_seen, "control: in --windowed mode the inspector opens (the test sees"
               " an escape when there is one): %s" % "; ".join(
                   "%s → %s" % (r["escape"], r["what"] or "nothing") for r in control))
    working = [r for r in service if r["worked"]]
    for r in service:
        tap.result(not r["worked"], "in service, %s: %s (%s)%s" % (
            r["where"], r["escape"], r["purpose"], " — " + r["note"] if r["note"] else ""),
                   r["what"])
    tap.result(ignored, "in service GTK_DEBUG and GTK_INSPECTOR_DISPLAY are removed before GTK"
               " starts (the log says “GTK_DEBUG ignored in service”)")
    symbols, links = static_checks(args)
    tap.result(not symbols, "the binary imports no file chooser, URI launcher, link button or"
               " print dialog", " ".join(symbols))
    tap.result(not links, "no template or page has a link", " ".join(links))

    attempts = len(service)
    figures = {"attempts_in_service": attempts, "working_escapes": len(working) + len(symbols)
               + len(links), "control_inspector_opened": control_seen}
    R.json_dump(os.path.join(args.out, "lockdown.json"), {"figures": figures,
                                                           "results": results})
    lines = ["| where | escape | what it tries | result |", "|---|---|---|---|"]
    for r in service:
        lines.append("| %s | `%s` | %s | %s |" % (
            r["where"], r["escape"], r["purpose"],
            ("✗ WORKED: " + r["what"]) if r["worked"] else ("held" + (
                " (%s)" % r["note"] if r["note"] else ""))))
    lines.append("| binary | imported symbols | file chooser, URI launcher, print dialog |"
                 " %s |" % ("✗ " + " ".join(symbols) if symbols else "none imported"))
    lines.append("| ui/ | templates, pages | links |"
                 " %s |" % ("✗ " + " ".join(links) if links else "none"))
    lines.append("")
    lines.append("**%d escapes tried in service: %d worked.** Control (`--windowed`, the"
                 " development mode): %s." % (
                     attempts + 2, figures["working_escapes"],
                     "the inspector opened, as it should there" if control_seen
                     else "the inspector did NOT open — the detection is unproven"))
    with open(os.path.join(args.out, "lockdown.md"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    tap.note("FIGURES lockdown: %s" % json.dumps(figures, sort_keys=True))
    tap.result(figures["working_escapes"] == 0,
               "figures: %d escapes tried, %d worked" % (attempts + 2,
                                                         figures["working_escapes"]))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
