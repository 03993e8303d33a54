"""kiosk_reliability.py — the harness the reliability tests share (issue 7)

The real sskiosk, started and stopped (and killed) like a kiosk in service,
under Xvfb with a private D-Bus session, with every device simulated by the
program itself (<device>_simulator=true: the ID-card reader on a pty, pcscd +
vpcd + the virtual card, the card transport with its state file, the camera
from a photo file) and two ippeveprinters started by tests/ui's rig, which
outlive the program as real printers do. The driving and observing helpers
(D-Bus actions, pages, AT-SPI texts, kioskctl) are tests/ui's, imported from
tests/ui/run-ui-tests.py; what is new here: a kiosk that keeps its state
directory across restarts, SIGKILL, environment per start, the store, the
transport's state file and the center simulator's database read directly
with sqlite3, file descriptors and memory of the process, and the copy of
everything the run produced into $KIOSK_PRIVACY_SCAN_DIR for the privacy scan.
"""

import configparser
import importlib.util
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location(
    "kiosk_ui_harness", os.path.join(HERE, "..", "ui", "run-ui-tests.py"))
ui = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ui)

TestFailure = ui.TestFailure
check = ui.check
variant = ui.variant
wait_any = ui.wait_any

TOOLS = ["xvfb-run", "dbus-run-session", "xdotool", "gapplication", "ippeveprinter", "pcscd"]
PROGRAMS = ["sskiosk", "rig", "kioskctl", "idreader-sim", "vcard", "fixtures", "out"]


def add_arguments(parser):
    for name in PROGRAMS:
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--inner", action="store_true")


def missing_tools():
    return ui.missing_tools(TOOLS)


def reexec_under_xvfb(args, screen="1080x1920x24"):
    """Runs this script again (--inner) on a virtual display with its own
    session bus; copies its TAP output as it comes. Returns the inner exit
    status."""
    command = ui.xvfb_command(screen, ["/usr/bin/python3", os.path.abspath(sys.argv[0]),
                                       "--inner"] + sys.argv[1:])
    env = ui.private_runtime("kiosk-reliability-runtime-")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    for line in process.stdout:
        print(ui.as_tap(line), flush=True)
    status = process.wait()
    shutil.rmtree(env["XDG_RUNTIME_DIR"], ignore_errors=True)
    return status


class Tap:
    """TAP output with a plan at the end."""

    def __init__(self):
        self.number = 0
        self.failed = 0

    def result(self, ok, title, detail="", todo=False):
        """todo: a known gap, reported (TAP "not ok … # TODO" fails nothing)."""
        self.number += 1
        if not ok and not todo:
            self.failed += 1
        print("%s %d - %s" % ("ok" if ok else "not ok", self.number, title), flush=True)
        for line in detail.splitlines():
            print("# " + line, flush=True)

    def note(self, text):
        for line in text.splitlines():
            print("# " + line, flush=True)

    def finish(self):
        print("1..%d" % self.number, flush=True)
        return 1 if self.failed else 0


def fd_count(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return -1


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def children(pid):
    """Every descendant process: (pid, command name)."""
    found = []
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as text:
            for child in text.read().split():
                child = int(child)
                try:
                    with open("/proc/%d/comm" % child) as comm:
                        found.append((child, comm.read().strip()))
                except OSError:
                    continue
                found += children(child)
    except OSError:
        pass
    return found


class Kiosk(ui.Kiosk):
    """The program in a state directory of its own that survives restarts.

    args: sskiosk, rig, kioskctl, idreader_sim, vcard, fixtures (as for
    tests/ui) and out (where this test writes its files)."""

    def __init__(self, args, name, extra_config="", hopper=20, stock=20, latency_ms=0,
                 camera_file=None):
        from gi.repository import Gio
        self.args = args
        self.name = name
        self.dir = os.path.join(args.out, "work", name)
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir, mode=0o700)
        self.config = os.path.join(self.dir, "kiosk.conf")
        self.log_path = os.path.join(self.dir, "sskiosk.log")
        self.state_dir = os.path.join(self.dir, "state")
        self.cardfeed_state = os.path.join(self.dir, "cardfeed.ini")
        self.center_db = os.path.join(self.state_dir, "center-sim.db")
        self.store_db = os.path.join(self.state_dir, "kiosk.db")
        self.camera_file = os.path.join(self.dir, "camera.jpg")
        shutil.copyfile(camera_file or os.path.join(args.fixtures, "pass-centre.jpg"),
                        self.camera_file)
        self.printers = None
        self.app = None
        self.printer_info = {}
        self.starts = 0
        self._start_printers()
        self._write(extra_config, hopper, latency_ms)
        if stock:
            self._run([args.rig, "stock", self.config, "JL24R000001", str(stock)])
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    def restart_printers(self):
        """New ippeveprinters (a printer's fault state stays with it): the
        program must be stopped; the configuration gets their addresses."""
        self.stop_printers()
        self.printer_info = {}
        self._start_printers()
        self._write(self.extra, self.hopper, self.latency_ms)

    def _write(self, extra, hopper, latency_ms):
        self.extra, self.hopper, self.latency_ms = extra, hopper, latency_ms
        text = """[kiosk]
id=JL-REL-TEST-01
site=可靠性测试
[store]
state_dir=%(dir)s/state
[center]
driver=simulator
latency_ms=%(latency)d
[flows]
id_timeout_s=20
form_timeout_s=60
page_timeout_s=30
warning_s=0
center_timeout_s=3
device_timeout_s=10
production_timeout_s=20
take_card_timeout_s=30
[ui]
auto_capture_s=0
""" % {"dir": self.dir, "latency": latency_ms}
        text += self.devices_config(self.cardfeed_state, hopper, self.camera_file)
        with open(self.config, "w", encoding="utf-8") as out:
            out.write(text + extra)

    # -- life ----------------------------------------------------------------------------

    def sanitized(self):
        """Whether the program is an ASan build (./kiosk.sh test)."""
        with open(self.args.sskiosk, "rb") as binary:
            return b"__asan_init" in binary.read()

    def start(self, env=None, windowed=False, wait=True, argv=None, leak_check=False):
        import pyatspi  # noqa: F401 — registers with the accessibility bus while all is well
        """Starts the program (again) on the same state; waits until it is on
        D-Bus. Debug messages are on, so the privacy scan sees them too."""
        environment = dict(os.environ)
        environment["GSK_RENDERER"] = "cairo"
        environment["G_MESSAGES_DEBUG"] = "all"
        environment.pop("G_DEBUG", None)  # GTK's own warnings under Xvfb are not ours
        # Under ASan (./kiosk.sh test) memory errors abort the program at every
        # start; LeakSanitizer checks the exits of the starts that ask for it
        # (a subset: a leak check needs the slow unwinder to tell GLib's own
        # initialisation apart, which doubles the start-up time).
        environment.setdefault("LSAN_OPTIONS", "suppressions=%s:print_suppressions=0" % (
            os.path.join(HERE, "lsan.supp")))
        environment["ASAN_OPTIONS"] = environment.get("ASAN_OPTIONS", "") + (
            ":detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=10" if leak_check
            else ":detect_leaks=0")
        environment.update(env or {})
        self.starts += 1
        self.log = open(self.log_path, "a")
        self.log.write("=== start %d %s\n" % (self.starts, " ".join(
            "%s=%s" % item for item in (env or {}).items())))
        self.log.flush()
        command = [self.args.sskiosk, "--config", self.config] + (["--windowed"] if windowed
                                                                  else []) + (argv or [])
        self.app = subprocess.Popen(command, env=environment, stdout=self.log,
                                    stderr=subprocess.STDOUT)
        if wait:
            self.wait_on_bus(40)

    def kill(self):
        """A power cut of the program: SIGKILL (its simulators die with it)."""
        if self.app is not None and self.app.poll() is None:
            self.app.send_signal(signal.SIGKILL)
        if self.app is not None:
            self.app.wait()
        self._wait_gone()

    def wait_dead(self, timeout):
        """Waits for the program to die by itself (KIOSK_TEST_KILL_AT)."""
        try:
            self.app.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self._wait_gone()
        return self.app.returncode

    def _wait_gone(self):
        # The D-Bus name goes with the process; the simulators with PDEATHSIG.
        end = time.monotonic() + 10
        while time.monotonic() < end and self.state("current-page") is not None:
            time.sleep(0.05)
        time.sleep(0.3)

    def stop(self, timeout=20):
        """SIGTERM, as systemd stops it: returns the exit status."""
        status = super().stop(timeout)
        if self.app is not None:
            self._wait_gone()
        return status

    def close(self):
        """Stops everything and keeps what the run wrote for the privacy scan."""
        self.stop()
        self.stop_printers()
        self.keep_for_privacy_scan()

    def keep_for_privacy_scan(self):
        scan = os.environ.get("KIOSK_PRIVACY_SCAN_DIR")
        if not scan:
            return
        target = os.path.join(scan, "reliability-" + os.path.basename(self.args.out) + "-"
                              + self.name)
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target, exist_ok=True)
        # Exports a technician makes: the journal and the audit log as JSON.
        for name, argv in [("journal.json", ["journal", "--limit", "100000"]),
                           ("audit.json", ["audit", "list", "--limit", "100000"])]:
            result = subprocess.run([self.args.kioskctl, "--config", self.config, "--json"]
                                    + argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    text=True, timeout=60)
            with open(os.path.join(target, name), "w", encoding="utf-8") as out:
                out.write(result.stdout)
        # The technician's export for a USB stick (kioskctl export): journal,
        # audit and the program's log, masked, in a tar archive.
        subprocess.run([self.args.kioskctl, "--config", self.config, "export", target,
                        "--log-command", "cat " + self.log_path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=120)
        for name in ["sskiosk.log", "kiosk.conf"]:
            if os.path.exists(os.path.join(self.dir, name)):
                shutil.copy(os.path.join(self.dir, name), target)
        if os.path.exists(self.store_db):
            # A consistent copy of the kiosk's own database (journal, audit,
            # stock); the center simulator's database is the center's.
            source = sqlite3.connect("file:%s?mode=ro" % self.store_db, uri=True)
            copy = sqlite3.connect(os.path.join(target, "kiosk.db"))
            source.backup(copy)
            copy.close()
            source.close()

    # -- observing -------------------------------------------------------------------

    def store(self):
        return sqlite3.connect("file:%s?mode=ro" % self.store_db, uri=True, timeout=10)

    def center(self):
        return sqlite3.connect("file:%s?mode=ro" % self.center_db, uri=True, timeout=10)

    def stock_counts(self):
        with self.store() as db:
            return dict(db.execute("SELECT state, count(*) FROM cards GROUP BY state"))

    def transport(self):
        """The card transport's physical state (its state file)."""
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(self.cardfeed_state, encoding="utf-8")
        section = parser[parser.sections()[0]] if parser.sections() else {}
        return {key: section.get(key) for key in section}

    def open_sessions(self):
        try:
            with self.store() as db:
                return db.execute("SELECT count(*) FROM sessions WHERE finished IS NULL"
                                  ).fetchone()[0]
        except sqlite3.OperationalError:
            return 0

    def log_size(self):
        try:
            return os.path.getsize(self.log_path)
        except OSError:
            return 0

    def log_problems(self, since):
        """CRITICAL and WARNING lines the program logged after byte `since`
        (GTK's own remarks about a bare X server aside)."""
        with open(self.log_path, "rb") as log:
            log.seek(since)
            text = log.read().decode("utf-8", errors="replace")
        return [line for line in text.splitlines()
                if ("-CRITICAL **" in line or "-WARNING **" in line)
                and "Screen coordinates not supported" not in line
                and not line.startswith("dbus-daemon")]

    def pid(self):
        return self.app.pid if self.app is not None and self.app.poll() is None else None


def act_quietly(k, action, parameter=None):
    try:
        k.act(action, parameter)
    except Exception:  # GLib.Error: an action refused over D-Bus
        pass


def capture(k, page="form-phone"):
    """拍照 once, on to `page` (tests/ui's capture_until)."""
    ui.capture_until(k, page)


def drive_green_channel(k, person, until=None, phone="13912345678"):
    """The green channel from the attract page to the production page (or
    the page named `until`, earlier: "camera" or "signature")."""
    ui.green_channel_to_signature(k, person, phone=phone, until=until)


def json_dump(path, value):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=1, sort_keys=True)
