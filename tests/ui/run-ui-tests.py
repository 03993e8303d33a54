#!/usr/bin/python3
"""run-ui-tests.py — the kiosk program end to end under Xvfb (suite 'ui')

The real sskiosk runs on a virtual display (xvfb-run) with a private D-Bus
session (dbus-run-session) and a private configuration whose devices are
simulators that speak the real protocols: the ID-card reader on a pty, pcscd +
vpcd + the virtual social security card, the card transport, the camera from a
photo file (all started by the program itself, <device>_simulator=true), and
two ippeveprinters (started here through kiosk-ui-rig, so that the printed
jobs can be counted). The embedded center simulator keeps its own SQLite file.

Every service is driven through the application's GActions over D-Bus
(org.gtk.Actions on /cn/jl/hrss/Kiosk; once through `gapplication action`),
and through AT-SPI and xdotool where a touch matters. The test waits for pages
by reading the `current-page` action state, checks `last-error`, the journal
and the center's state with kioskctl, the printed jobs, the timeout with its
warning, and that nothing personal stays on screen after a session. A
screenshot of every page goes to --shots.

Output is TAP. Exit 77 when Xvfb or the other tools are not installed.
Run by `meson test --suite ui`; by hand:
  tests/ui/run-ui-tests.py --sskiosk build/ui/sskiosk --rig … (see meson.build)
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

APP_ID = "cn.jl.hrss.Kiosk"
OBJECT_PATH = "/cn/jl/hrss/Kiosk"

# Demo people of data/demo-people.ini (docs/center.md).
PERSON_GREEN = "220102198503120019"  # 张三: green channel
PERSON_DECEASED = "220104195207040021"  # 李四: R17
PERSON_PRODUCTION = "220102199002150038"  # 王五: card in production → temporary card
PERSON_AT_WINDOW = "220105198809090042"  # 赵六: card at the window, has a temporary card
PERSON_LOSS_DAY1 = "220102196801010062"  # 孙八: temporary loss today (card D0000006S)
PERSON_LOSS_DAY8 = "220103197906060075"  # 周九: temporary loss on day 8
PERSON_BOTH_LOST = "220202198202280081"  # 吴十: both functions formally lost
PERSON_PHOTO_FAIL = "22020419930303010X"  # 冯二: pre-account failed, photo
PERSON_PHONE_FAIL = "22030219870417011X"  # 陈三: pre-account failed, phone
PERSON_ACTIVE = "220102197208080136"  # 卫五: active card
PERSON_HK = "810000199001010019"  # 陈大文: HK residence permit, green channel
PERSON_FACE_FAIL = "220202198907070199"  # 秦一: the face does not match

# Everything personal the demo people could show, for the masking checks.
PERSON_NUMBERS = [PERSON_GREEN, PERSON_DECEASED, PERSON_PRODUCTION, PERSON_AT_WINDOW,
                  PERSON_LOSS_DAY1, PERSON_LOSS_DAY8, PERSON_BOTH_LOST, PERSON_PHOTO_FAIL,
                  PERSON_PHONE_FAIL, PERSON_ACTIVE, PERSON_HK, PERSON_FACE_FAIL]
PERSON_NAMES = ["张三", "李四", "王五", "赵六", "孙八", "周九", "吴十", "冯二", "陈三", "卫五",
                "陈大文", "秦一"]
PHONES = ["13912345678", "139 1234 5678", "13612345678", "136 1234 5678"]
# The address typed on the address keyboard (case_green_channel).
TYPED_ADDRESS = "吉林省长春市朝阳区红旗街1号2栋3单元401室"

SERVICES = ["green_channel", "temporary_loss", "formal_loss", "unblock", "progress",
            "temporary_card"]

TOOLS = ["xvfb-run", "dbus-run-session", "import", "xdotool", "gapplication"]


SCREENS = {"portrait": (1080, 1920), "landscape": (1920, 1080), "out-of-service": (1080, 1920)}


def parse_args():
    parser = argparse.ArgumentParser()
    for name in ["sskiosk", "rig", "kioskctl", "idreader-sim", "vcard", "fixtures", "shots"]:
        parser.add_argument("--" + name, required=True)
    parser.add_argument("--inner", choices=["portrait", "landscape", "out-of-service"])
    parser.add_argument("--first", type=int, default=1)
    return parser.parse_args()


# ---- the outer run: one virtual display per orientation ----------------------------
# (its helpers are shared with the technician's and the reliability suite's runs)

def missing_tools(tools):
    """The programs of `tools` and the Python modules (gi, pyatspi) a run
    under Xvfb needs that are not installed."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    for module in ["gi", "pyatspi"]:
        try:
            __import__(module)
        except ImportError:
            missing.append("python3-" + module)
    return missing


def xvfb_command(screen, argv):
    """argv on a virtual display of its own ("WxHxD") with a private session bus."""
    return ["dbus-run-session", "--", "xvfb-run", "-a", "-s",
            "-screen 0 %s -nolisten tcp" % screen] + argv


def private_runtime(prefix="kiosk-ui-runtime-"):
    """The environment with a private runtime directory: the accessibility
    bus's socket lives there (else in ~/.cache/at-spi, shared with any other
    run on the machine, which removes it when it ends). Remove
    env["XDG_RUNTIME_DIR"] afterwards."""
    return dict(os.environ, XDG_RUNTIME_DIR=tempfile.mkdtemp(prefix=prefix))


def as_tap(line):
    """A line of an inner run's output: daemons on the display's bus talk on
    stdout too; whatever is not TAP becomes a comment."""
    line = line.rstrip("\n")
    if line.startswith(("ok ", "not ok ", "#", "1..")):
        return line
    return "# " + line


def outer(args):
    missing = missing_tools(TOOLS)
    if missing:
        print("1..0 # SKIP not installed: " + " ".join(missing) + " (./kiosk.sh deps)")
        return 77
    os.makedirs(args.shots, exist_ok=True)

    failed = False
    number = 1
    screens = {"portrait": "1080x1920x24", "landscape": "1920x1080x24",
               "out-of-service": "1080x1920x24"}
    for inner in ["portrait", "landscape", "out-of-service"]:
        argv = [sys.executable, os.path.abspath(__file__), "--inner", inner,
                "--first", str(number)]
        for name in ["sskiosk", "rig", "kioskctl", "idreader-sim", "vcard", "fixtures",
                     "shots"]:
            argv += ["--" + name, getattr(args, name.replace("-", "_"))]
        env = private_runtime()
        try:
            process = subprocess.run(xvfb_command(screens[inner], argv), stdout=subprocess.PIPE,
                                     text=True, env=env)
        finally:
            shutil.rmtree(env["XDG_RUNTIME_DIR"], ignore_errors=True)
        for line in process.stdout.splitlines():
            line = as_tap(line)
            print(line, flush=True)
            if line.startswith("ok ") or line.startswith("not ok "):
                number += 1
            if line.startswith("not ok "):
                failed = True
        if process.returncode not in (0, 1):
            print("not ok %d - the %s run ended with status %d" % (number, inner,
                                                                  process.returncode))
            number += 1
            failed = True
    print("1..%d" % (number - 1))
    return 1 if failed else 0


# ---- the inner run -----------------------------------------------------------------

class TestFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


class Kiosk:
    """The running program, its simulators and the ways to drive and observe it."""

    def __init__(self, args, extra_config="", devices=True, camera=None):
        from gi.repository import Gio
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="kiosk-ui-")
        self.config = os.path.join(self.dir, "kiosk.conf")
        self.log_path = os.path.join(self.dir, "sskiosk.log")
        self.printers = None
        self.app = None
        self.printer_info = {}
        if devices:
            self._start_printers()
        self._write_config(extra_config, devices, camera)
        if devices:
            self._run([args.rig, "stock", self.config, "JL24T000001", "20"])
        self.bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)

    # -- set-up ----------------------------------------------------------------------

    def _run(self, argv, check_status=True):
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, timeout=60)
        if check_status and result.returncode != 0:
            raise TestFailure("%s failed (%d): %s" % (" ".join(argv), result.returncode,
                                                      result.stderr.strip()))
        return result

    def _start_printers(self):
        self.printers = subprocess.Popen([self.args.rig, "printers", self.dir],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         text=True)
        for line in self.printers.stdout:
            line = line.strip()
            if line == "READY":
                return
            if "=" in line:
                key, value = line.split("=", 1)
                self.printer_info[key] = value
        raise TestFailure("the printer simulators did not start")

    def _write_config(self, extra, devices, camera=None):
        text = """[kiosk]
id=JL-UI-TEST-01
site=测试服务大厅
[store]
state_dir=%(dir)s/state
[center]
driver=simulator
latency_ms=250
[flows]
id_timeout_s=15
form_timeout_s=15
page_timeout_s=30
warning_s=8
[ui]
auto_capture_s=0
""" % {"dir": self.dir}
        if devices:
            text += self.devices_config(os.path.join(self.dir, "cardfeed.ini"), 20,
                                        os.path.join(self.args.fixtures, "pass-centre.jpg"),
                                        camera)
        text += extra
        with open(self.config, "w", encoding="utf-8") as out:
            out.write(text)

    def devices_config(self, cardfeed_state, hopper, face, camera=None):
        """The [devices] group: every device simulated as the program runs it
        in simulator mode; `camera`, other lines for the camera."""
        return """[devices]
idreader_driver=sam-serial
idreader_simulator=true
idreader_simulator_program=%(idreader)s
idreader_sim_people=%(people)s
idreader_poll_ms=60
chip_driver=pcsc
chip_simulator=true
chip_simulator_program=%(vcard)s
cardfeed_driver=simulator
cardfeed_state=%(cardfeed)s
cardfeed_hopper=%(hopper)d
cardfeed_motion_ms=10
card_printer_driver=ipp
card_printer_uri=%(card)s
card_printer_poll_ms=100
receipt_printer_driver=ipp
receipt_printer_uri=%(receipt)s
receipt_printer_poll_ms=100
camera_driver=gstreamer
""" % {"idreader": self.args.idreader_sim, "vcard": self.args.vcard,
       "people": os.path.join(os.environ.get("KIOSK_DATA_DIR", "data"), "demo-people.ini"),
       "card": self.printer_info["card_uri"], "receipt": self.printer_info["receipt_uri"],
       "cardfeed": cardfeed_state, "hopper": hopper} + (camera or """camera_simulator=true
camera_source_file=%s
camera_sim_fps=5
""" % face)

    def start(self):
        env = dict(os.environ)
        env["GSK_RENDERER"] = "cairo"
        env.pop("G_DEBUG", None)  # GTK's own warnings under Xvfb are not ours to fail on
        # In service even the environment must not open the GTK inspector
        # (case_production_mode looks for its window).
        env["GTK_DEBUG"] = "interactive"
        self.log = open(self.log_path, "w")
        self.app = subprocess.Popen([self.args.sskiosk, "--config", self.config], env=env,
                                    stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_on_bus(30)

    def wait_on_bus(self, timeout):
        """Until the program answers on D-Bus (it died: TestFailure with its log)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.app.poll() is not None:
                raise TestFailure("sskiosk exited with %d:\n%s" % (self.app.returncode,
                                                                   self.tail_log()))
            if self.state("current-page") is not None:
                return
            time.sleep(0.05)
        raise TestFailure("sskiosk did not appear on D-Bus")

    def stop(self, timeout=15):
        """Ends the program as systemd does (SIGTERM) and returns its exit
        status ("hung" when it had to be killed; None when it never ran)."""
        if self.app is None:
            return None
        if self.app.poll() is not None:
            return self.app.returncode
        self.app.send_signal(signal.SIGTERM)
        try:
            return self.app.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.app.kill()
            self.app.wait()
            return "hung"

    def stop_printers(self):
        if self.printers is not None:
            self.printers.stdin.close()
            try:
                self.printers.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.printers.kill()
                self.printers.wait()
            self.printers = None

    def cleanup(self):
        self.stop()
        self.stop_printers()
        shutil.rmtree(self.dir, ignore_errors=True)

    def tail_log(self, lines=25):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except OSError:
            return ""

    # -- driving -----------------------------------------------------------------------

    def _call(self, method, parameters, reply_type):
        from gi.repository import GLib
        reply = self.bus.call_sync(APP_ID, OBJECT_PATH, "org.gtk.Actions", method,
                                   parameters, GLib.VariantType(reply_type), 0, 10000, None)
        return reply.unpack()

    def state(self, action):
        from gi.repository import GLib
        try:
            enabled, signature, state = self._call("Describe", GLib.Variant("(s)", (action,)),
                                                   "((bgav))")[0]
        except GLib.Error:
            return None
        return state[0] if state else None

    def act(self, action, parameter=None):
        """Activates app.ACTION (a D-Bus call, what `gapplication action` does)."""
        from gi.repository import GLib
        params = [parameter] if parameter is not None else []
        self._call("Activate", GLib.Variant("(sava{sv})", (action, params, {})), "()")

    def gapplication(self, action, text):
        """The same through the command line remote help would use."""
        self._run(["gapplication", "action", APP_ID, action, text])

    def s(self, text):
        from gi.repository import GLib
        return GLib.Variant("s", text)

    def page(self):
        return self.state("current-page")

    def last_error(self):
        return self.state("last-error") or ""

    def maps(self):
        """The program's memory map (/proc/PID/maps): which libraries it has loaded."""
        with open("/proc/%d/maps" % self.app.pid) as f:
            return f.read()

    def wait_page(self, page, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            current = self.page()
            if current == page:
                time.sleep(0.15)  # let the page draw
                return
            if self.app.poll() is not None:
                raise TestFailure("sskiosk died (%d):\n%s" % (self.app.returncode,
                                                              self.tail_log()))
            time.sleep(0.05)
        raise TestFailure("waited %ss for page %s; at %s; last error: %s" % (
            timeout, page, self.page(), self.last_error()))

    def simulate(self, command):
        self.act("simulate", self.s(command))
        reply = self.state("simulator-reply") or ""
        check(reply.startswith("OK"), "simulator: %s → %s (%s)" % (command, reply,
                                                                  self.last_error()))
        return reply

    def place_id(self, id_number):
        self.simulate("idreader PLACE " + id_number)

    def remove_id(self):
        self.simulate("idreader REMOVE")

    def home(self):
        """Back to the attract page from wherever a failed case left it."""
        for _ in range(3):
            if self.page() == "attract":
                return
            self.act("cancel")
            time.sleep(0.3)
        self.wait_page("attract", 10)

    def start_service(self, service, id_number=None, first_page="id-card"):
        self.home()
        self.remove_id()
        self.act("start-service", self.s(service))
        self.wait_page(first_page)
        if id_number is not None:
            self.place_id(id_number)

    def shot(self, name):
        """A screenshot of the screen (landscape ones named landscape-…), and
        the checks every page must pass: nothing personal unmasked where the
        citizen need not check it, every target at least 64 px and on the
        screen, no text outside it."""
        if self.args.inner == "landscape" and not name.startswith("landscape-"):
            name = "landscape-" + name
        path = os.path.join(self.args.shots, name + ".png")
        self._run(["import", "-window", "root", path])
        check(os.path.getsize(path) > 1000, "empty screenshot " + path)
        self.check_page(name)

    def check_page(self, name):
        import pyatspi
        page = self.page() or ""
        width, height = SCREENS[self.args.inner]
        for text, description, node in self.accessibles(showing_only=True):
            both = text + " " + description
            for number in PERSON_NUMBERS:
                # Typed on a keypad by the citizen: shown as typed.
                if page != "id-number":
                    check(number not in both.replace(" ", ""),
                          "%s: an unmasked ID number on screen: %s" % (name, both[:60]))
            for phone in PHONES:
                if page != "form-phone":
                    check(phone not in both, "%s: an unmasked phone on screen" % name)
            for person in PERSON_NAMES:
                # Only the review shows the name as it is (the citizen checks it).
                if page != "review":
                    check(person not in both, "%s: an unmasked name on screen: %s" % (
                        name, both[:60]))
            try:
                role = node.getRoleName()
                if role not in ("push button", "frame") or not node.getState().contains(
                        pyatspi.STATE_SHOWING):
                    continue
                box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
            except Exception:  # gone while looking
                continue
            if role == "frame":
                # A page wider or taller than the screen makes the window grow
                # past it: its sides are cut off.
                check(box.width <= width and box.height <= height,
                      "%s: the window is %dx%d on a %dx%d screen" % (name, box.width, box.height,
                                                                     width, height))
                continue
            if box.width <= 0 or box.height <= 0:
                continue  # a vacant slot of the frame
            check(box.height >= 64, "%s: the button “%s” is %d px high" % (name, text,
                                                                          box.height))
            check(box.x >= 0 and box.y >= 0 and box.x + box.width <= width + 1
                  and box.y + box.height <= height + 1,
                  "%s: the button “%s” is off the screen (%d,%d %dx%d)" % (
                      name, text, box.x, box.y, box.width, box.height))

    # -- observing -----------------------------------------------------------------------

    def kioskctl(self, *argv):
        result = self._run([self.args.kioskctl, "--config", self.config, "--json"] + list(argv),
                           check_status=False)
        check(result.returncode == 0, "kioskctl %s: %s" % (" ".join(argv), result.stdout +
                                                           result.stderr))
        return json.loads(result.stdout)

    def last_session(self):
        sessions = self.kioskctl("journal", "--limit", "1")["sessions"]
        check(len(sessions) == 1, "no journal session")
        return sessions[0]

    def person(self, id_number):
        return self.kioskctl("person", id_number)["person"]

    def center_applications(self, id_number):
        """The center simulator's applications of a person, oldest first (its
        SQLite file, read only)."""
        import sqlite3
        path = os.path.join(self.dir, "state", "center-sim.db")
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)
        try:
            db.row_factory = sqlite3.Row
            return [dict(row) for row in db.execute(
                "SELECT id, status, bank, address, postal_code FROM application"
                " WHERE holder = ? ORDER BY id", (id_number,))]
        finally:
            db.close()

    def jobs(self, printer):
        """Jobs the printer has printed (its per-job script logs one line each)."""
        log = os.path.join(os.path.dirname(self.printer_info[printer + "_spool"]), "jobs.log")
        try:
            with open(log, encoding="utf-8") as jobs:
                return len(jobs.readlines())
        except FileNotFoundError:
            return 0

    def accessible_app(self):
        import pyatspi
        end = time.monotonic() + 10
        while True:
            desktop = pyatspi.Registry.getDesktop(0)
            for index in range(desktop.childCount):
                app = desktop.getChildAtIndex(index)
                if app is not None and app.name == "sskiosk":
                    return app
            if time.monotonic() > end:
                raise TestFailure("sskiosk is not on the accessibility bus")
            time.sleep(0.2)

    def accessibles(self, showing_only=True):
        """Every accessible of the window (name, description, node); with
        showing_only, the pages other than the current one are left out (GTK
        keeps a stack's hidden pages in the tree, and its AT-SPI states do not
        tell them apart)."""
        current = "page:" + (self.page() or "")
        found = []

        def walk(node, depth):
            if node is None or depth > 40:
                return
            try:
                description = node.description or ""
                if (showing_only and description.startswith("page:")
                        and description != current):
                    return
                found.append((node.name or "", description, node))
                for index in range(node.childCount):
                    walk(node.getChildAtIndex(index), depth + 1)
            except Exception:  # a node that went away while walking
                return
        walk(self.accessible_app(), 0)
        return found

    def texts(self, showing_only=False):
        return [name + " " + description for name, description, _ in
                self.accessibles(showing_only)]

    def find(self, name, role=None):
        for accessible_name, _, node in self.accessibles():
            if accessible_name == name and (role is None or node.getRoleName() == role):
                return node
        return None

    def wait_jobs(self, printer, count, timeout=10):
        end = time.monotonic() + timeout
        while self.jobs(printer) < count and time.monotonic() < end:
            time.sleep(0.1)
        return self.jobs(printer)

    def click(self, name, role="push button"):
        """A touch on a button found by its accessible name (AT-SPI doAction)."""
        node = self.find(name, role)
        check(node is not None, "no %s named %s on %s" % (role, name, self.page()))
        node.queryAction().doAction(0)

    def extents(self, name):
        import pyatspi
        node = self.find(name)
        check(node is not None, "nothing named %s on %s" % (name, self.page()))
        box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return box.x, box.y, box.width, box.height

    def assert_nothing_personal(self, *values):
        """No accessible on any page (shown or not) holds these values."""
        for text in self.texts(showing_only=False):
            for value in values:
                check(value not in text, "“%s” still on screen after the session: %s" % (
                    value, text[:80]))


# ---- the cases ------------------------------------------------------------------------

def case_attract(k):
    """the attract page lists the six services; 老年模式 is one touch"""
    k.wait_page("attract", 60)
    k.shot("attract")
    names = " ".join(k.texts(showing_only=True))
    for label in ["临时挂失", "正式挂失", "解挂", "制卡进度查询", "办理临时卡", "老年模式"]:
        check(label in names, "attract page lacks " + label)
    check(k.last_error() == "", "last error at start: " + k.last_error())
    # OpenCV is mapped only by the first photo check (docs/photo.md, "The
    # detector module"): not at the attract page.
    maps = k.maps()
    check("kiosk-face-detector.so" not in maps and "libopencv_" not in maps,
          "the face detector is loaded at the attract page")
    k.click("老年模式", None)
    time.sleep(0.3)
    check(k.state("large-text") is True, "large-text did not switch on")
    k.shot("attract-large-text")
    k.act("large-text")
    check(k.state("large-text") is False, "large-text did not switch off")


def case_production_mode(k):
    """in service: no GTK inspector (GTK_DEBUG=interactive, Ctrl+Shift+I / D), no key quits"""
    for keys in ["ctrl+shift+i", "ctrl+shift+d", "alt+F4", "ctrl+q", "Escape"]:
        subprocess.run(["xdotool", "key", keys], check=False)
    time.sleep(1)
    inspector = subprocess.run(["xdotool", "search", "--name", "Inspector"],
                               stdout=subprocess.PIPE, text=True)
    check(inspector.stdout.strip() == "", "a GTK inspector window appeared")
    check(k.app.poll() is None, "a key combination ended the program")
    check(k.page() == "attract", "keys changed the page to " + str(k.page()))


def case_green_channel(k):
    """green channel (R4): ID, camera, form, review, signature, production, card, receipt"""
    card_jobs, receipt_jobs = k.jobs("card"), k.jobs("receipt")
    # A touch on the headline tile, through AT-SPI.
    k.remove_id()
    k.click("绿色通道 即时制卡")
    k.wait_page("id-card")
    k.shot("id-card")
    k.place_id(PERSON_GREEN)
    k.wait_page("camera")
    k.shot("camera")
    capture_until(k, "form-phone")
    check("kiosk-face-detector.so" in k.maps(), "the photo was checked without the detector module")
    k.shot("form-phone")
    # A wrong number, typed key by key through the command line: refused, with
    # the validator's words under the number.
    for key in "1391234":
        k.gapplication("keypad-press", "'%s'" % key)
    k.act("next")
    time.sleep(0.3)
    check(k.page() == "form-phone", "a 7-digit phone was accepted")
    check(k.last_error().startswith("invalid: "), "no error for a bad phone: " + k.last_error())
    k.shot("form-phone-invalid")
    k.act("set-phone", k.s("13912345678"))
    k.act("next")
    k.wait_page("form-bank")
    # Exactly one bank (R5): the second choice replaces the first.
    k.act("choose-bank", k.s("ccb"))
    k.act("choose-bank", k.s("icbc"))
    time.sleep(0.2)
    k.shot("form-bank")
    check(k.find("✓ 工商银行") is not None, "the chosen bank is not marked")
    check(k.find("✓ 建设银行") is None, "two banks are marked (R5)")
    k.act("next")
    k.wait_page("form-postal")
    k.act("set-postal-code", k.s("130000"))
    k.shot("form-postal")
    k.act("next")
    k.wait_page("form-details")
    k.act("set-household-type", k.s("non-agricultural"))
    k.act("set-occupation", k.s("worker"))
    k.act("set-industry", k.s(first_industry(k)))
    k.shot("form-details")
    type_address(k)
    k.act("next")
    k.wait_page("review")
    k.shot("review")
    check(any("张三" in text for text in k.texts()), "the review does not show the name")
    # The address is masked on the review (UI.md), its beginning shown.
    texts = " ".join(k.texts(showing_only=True))
    check(TYPED_ADDRESS[:6] in texts and TYPED_ADDRESS not in texts,
          "the review does not show the typed address masked")
    # 重新拍照 from the review: the camera, and back to the review.
    k.click("重新拍照")
    k.wait_page("camera")
    capture_until(k, "review")
    # 返回 goes back to the form's last question and forward again.
    k.act("back")
    k.wait_page("form-details")
    k.act("next")
    k.wait_page("review")
    k.act("next")
    k.wait_page("signature")
    # An empty signature is refused.
    k.act("next")
    time.sleep(0.3)
    check(k.page() == "signature", "an empty signature was accepted")
    # A stroke drawn with the mouse (xdotool), one sent over D-Bus.
    x, y, width, height = k.extents("签名区")
    subprocess.run(["xdotool", "mousemove", "--sync", str(x + width // 5), str(y + height // 2),
                    "mousedown", "1"], check=True)
    for step in range(1, 12):
        subprocess.run(["xdotool", "mousemove", "--sync", str(x + width // 5 + step * 30),
                        str(y + height // 2 + (40 if step % 2 else -40))], check=True)
    subprocess.run(["xdotool", "mouseup", "1"], check=True)
    k.act("add-stroke", variant("a(dd)", [(0.6, 0.3), (0.7, 0.7), (0.8, 0.35), (0.9, 0.6)]))
    time.sleep(0.3)
    k.shot("signature")
    k.act("next")
    k.wait_page("production", 20)
    time.sleep(0.8)
    k.shot("production")
    k.wait_page("take-card", 120)
    k.shot("take-card")
    k.simulate("cardfeed take")
    k.wait_page("done", 60)
    k.shot("done")
    check(k.wait_jobs("card", card_jobs + 1) == card_jobs + 1, "the card face was not printed once")
    check(k.wait_jobs("receipt", receipt_jobs + 1) == receipt_jobs + 1, "no receipt was printed")
    session = k.last_session()
    check(session["service"] == "green-channel", "journal: " + session["service"])
    check(session["outcome"] == "issued", "journal outcome: %s" % session["outcome"])
    steps = [step["step"] for step in session["steps"]]
    for step in ["read-id", "photo", "form", "signature", "apply", "feed", "personalise",
                 "print", "verify", "eject"]:
        check(step in steps, "journal lacks step " + step)
    cards = k.person(PERSON_GREEN)["cards"]
    check(len(cards) == 1 and cards[0]["stage"] == "collected" and cards[0]["bank"] == "工商银行",
          "center: %s" % cards)
    check(k.center_applications(PERSON_GREEN)[-1]["address"] == TYPED_ADDRESS,
          "center: the application's address is %s" % k.center_applications(PERSON_GREEN))
    k.act("next")
    k.wait_page("attract")
    k.assert_nothing_personal("张三", PERSON_GREEN, "13912345678", "139 1234 5678")


def capture_until(k, page, timeout=45):
    """拍照 once, and the flow goes on to `page` (a page id or a list of
    them): a tap while the camera is still starting is taken at its first
    frame (kiosk-camera-page.c), never lost."""
    k.act("capture")
    wait_any(k, [page] if isinstance(page, str) else page, timeout)


def type_address(k):
    """The correspondence address on the address keyboard: quick buttons for
    the province, city and district (one a real touch), pinyin with its
    candidates, digits; an empty one refused by the form's check."""
    k.click("修改地址")
    end = time.monotonic() + 5
    while k.find("确定地址") is None:
        check(time.monotonic() < end, "the address keyboard did not open")
        time.sleep(0.1)
    k.act("address-key", k.s("clear"))
    k.act("address-key", k.s("done"))
    time.sleep(0.2)
    check(k.last_error().startswith("invalid: "), "an empty address was taken: " +
          k.last_error())
    k.act("address-key", k.s("division:吉林省"))
    k.click("长春市")
    end = time.monotonic() + 5
    while not any("吉林省长春市" in text for text in k.texts(showing_only=True)):
        check(time.monotonic() < end, "a touch on 长春市 did not type it")
        time.sleep(0.1)
    k.act("address-key", k.s("division:朝阳区"))
    # 红旗街 is the second candidate of "hongqi"; 号, 栋, 单元, 室 by pinyin.
    for keys in [["h", "o", "n", "g", "q", "i", "pick:1"], ["1", "h", "a", "o", "pick:0"],
                 ["2", "d", "o", "n", "g", "pick:1"], ["3", "d", "a", "n", "y", "u", "a", "n",
                                                      "pick:0"],
                 ["4", "0", "1", "s", "h", "i", "pick:1"]]:
        for key in keys:
            k.act("address-key", k.s(key))
    k.act("address-key", k.s("s"))  # a letter not chosen: not part of the address
    k.act("address-key", k.s("nokey"))
    check(k.last_error().startswith("invalid: "), "a wrong key: " + k.last_error())
    texts = " ".join(k.texts(showing_only=True))
    check(TYPED_ADDRESS in texts, "the keyboard does not show the address typed: %s" % [
        text for text in k.texts(showing_only=True) if "吉林" in text or "拼音" in text])
    k.shot("form-details-address")
    k.click("确定地址")
    end = time.monotonic() + 5
    while k.find("修改地址") is None:
        check(time.monotonic() < end, "the address keyboard did not close: " + k.last_error())
        time.sleep(0.1)
    check(any(TYPED_ADDRESS in text for text in k.texts(showing_only=True)),
          "the form does not show the address typed")


def wait_any(k, pages, timeout=20):
    end = time.monotonic() + timeout
    while k.page() not in pages:
        check(time.monotonic() < end, "waited for %s; at %s (%s)" % (pages, k.page(),
                                                                    k.last_error()))
        time.sleep(0.05)


def first_industry(k):
    return "unknown"


def variant(signature, value):
    from gi.repository import GLib
    return GLib.Variant(signature, value)


def case_deceased(k):
    """a deceased holder (R17): every service refuses and cites R17"""
    for service in SERVICES:
        if service == "progress":
            k.start_service(service, first_page="id-number")
            k.act("submit-id-number", k.s(PERSON_DECEASED))
        else:
            k.start_service(service, PERSON_DECEASED)
        if service == "green_channel":
            k.wait_page("working")
            k.shot("working")
        k.wait_page("refused", 20)
        check(k.last_error().startswith("R17: "), "%s: last error %s" % (service,
                                                                          k.last_error()))
        check(k.find("依据 R17") is not None, "%s: the page does not cite R17" % service)
        if service == "green_channel":
            k.shot("refused")
        session = k.last_session()
        check(session["outcome"] == "refused", "%s: journal outcome %s" % (service,
                                                                          session["outcome"]))
        k.act("next")
        k.wait_page("attract")


def case_temporary_loss(k):
    """temporary loss (R6): choose the card, confirm, the center records it"""
    receipts = k.jobs("receipt")
    k.start_service("temporary_loss", PERSON_ACTIVE)
    k.wait_page("choose-card")
    k.shot("choose-card")
    k.act("choose-card", variant("u", 0))
    k.wait_page("confirm")
    k.shot("confirm-temporary-loss")
    # 返回 to the cards, then confirm.
    k.act("back")
    k.wait_page("choose-card")
    k.act("choose-card", variant("u", 0))
    k.wait_page("confirm")
    k.act("next")
    k.wait_page("done", 20)
    k.shot("done-temporary-loss")
    check(k.wait_jobs("receipt", receipts + 1) == receipts + 1, "no receipt")
    card = k.person(PERSON_ACTIVE)["cards"][0]
    check(card["temporary_loss_on"] is not None, "center: no temporary loss: %s" % card)
    k.act("next")
    k.wait_page("attract")


def case_formal_loss(k):
    """formal loss (R8, R9): the function, the warning, the center; day 8 and both-lost refused"""
    k.start_service("formal_loss", PERSON_ACTIVE)  # lost temporarily by the case before
    k.wait_page("camera")
    capture_until(k, "choose-functions")
    k.shot("choose-functions")
    k.act("choose-functions", k.s("both"))
    k.wait_page("confirm")
    check(any("解挂" in text for text in k.texts()), "the confirmation does not warn (R9)")
    k.shot("confirm-formal-loss")
    k.act("next")
    k.wait_page("done", 20)
    card = k.person(PERSON_ACTIVE)["cards"][0]
    check(card["formal_loss_social"] and card["formal_loss_financial"],
          "center: not formally lost: %s" % card)
    k.act("next")
    k.wait_page("attract")
    # Past day 7 (R8, policy refer_to_window) and nothing left to lose.
    for person in [PERSON_LOSS_DAY8, PERSON_BOTH_LOST]:
        k.start_service("formal_loss", person)
        k.wait_page("refused", 20)
        check(k.last_error().startswith("R8: ") or k.last_error().startswith("R9: "),
              "formal loss of %s…: %s" % (person[:4], k.last_error()))
        k.act("next")
        k.wait_page("attract")


def write_found_card(k, path):
    with open(path, "w", encoding="utf-8") as out:
        out.write("""[card]
pin=123456
pin_max=3
pin_tries=3
[fields]
identification_code=220100D1560000050123456789ABCDEF
card_type=3
spec_version=3.00
issuer=220100000000
issue_date=20240115
expiry_date=20340115
card_number=D0000006S
ssn=%s
name=孙八
sex=1
nation=01
birthplace=220102
birth_date=19680101
""" % PERSON_LOSS_DAY1)


def case_unblock(k):
    """unblock (R7): ID, face, the found card in the chip reader, the center; R9 refused"""
    card_file = os.path.join(k.dir, "found-card.ini")
    write_found_card(k, card_file)
    k.start_service("unblock", PERSON_LOSS_DAY1)
    k.wait_page("camera")
    capture_until(k, "insert-card")
    k.shot("insert-card")
    k.simulate("chip LOAD " + card_file)
    k.simulate("chip INSERT")
    k.wait_page("confirm", 30)
    k.shot("confirm-unblock")
    k.act("next")
    k.wait_page("take-card", 20)
    k.simulate("chip REMOVE")
    k.wait_page("done", 30)
    card = k.person(PERSON_LOSS_DAY1)["cards"][0]
    check(card["temporary_loss_on"] is None, "center: still lost: %s" % card)
    k.act("next")
    k.wait_page("attract")
    # After a formal loss there is no unblock (R9).
    k.start_service("unblock", PERSON_BOTH_LOST)
    k.wait_page("refused", 20)
    check(k.last_error().startswith("R9: "), "unblock after formal loss: " + k.last_error())
    k.act("next")
    k.wait_page("attract")


def after_fix(k):
    """A correction goes to the center: back to the result, or (when the center
    does not take corrections from a kiosk) the failed page naming R3 and the
    window to go to."""
    wait_any(k, ["result", "failed"], 30)
    if k.page() == "failed":
        check("R3" in k.last_error(), "a failed correction without R3: " + k.last_error())
        k.act("next")
        k.wait_page("attract")
        return
    k.act("next")
    k.wait_page("done", 20)
    k.act("next")
    k.wait_page("attract")


def case_progress(k):
    """progress query (R16): a typed number with X, the pickup window; an ID card"""
    k.start_service("progress", first_page="id-number")
    k.shot("id-number")
    # A wrong check digit first: the validator's words, the page stays.
    for key in "220204199303030109":
        k.act("keypad-press", k.s(key))
    k.act("next")
    time.sleep(0.3)
    check(k.page() == "id-number", "a wrong ID number was accepted")
    check(k.last_error().startswith("invalid: "), "no error: " + k.last_error())
    k.act("keypad-press", k.s("back"))
    k.act("keypad-press", k.s("X"))
    k.act("next")
    k.wait_page("result", 20)
    # Anyone may ask with a number (R16), but only the holder, with the ID
    # card on the reader, may correct the application.
    check(k.find("现在重新拍照") is None, "a correction is offered for a typed number")
    k.act("fix")
    check(k.last_error().startswith("wrong-state: "), "fix for a typed number: " + k.last_error())
    k.act("next")
    k.wait_page("done", 20)
    k.act("next")
    k.wait_page("attract")
    # The photo could not be used (R3): a new one, here and now.
    k.start_service("progress", PERSON_PHOTO_FAIL, first_page="id-number")
    k.wait_page("result", 20)
    k.shot("progress-result-fix")
    k.click("现在重新拍照")
    k.wait_page("camera")
    capture_until(k, ["result", "failed"])
    after_fix(k)
    # The phone number was refused (R3): a valid one on the keypad.
    k.start_service("progress", PERSON_PHONE_FAIL, first_page="id-number")
    k.wait_page("result", 20)
    k.act("fix")
    k.wait_page("form-phone")
    k.act("set-phone", k.s("123"))
    check(k.last_error().startswith("invalid: "), "a bad phone was taken: " + k.last_error())
    k.act("set-phone", k.s("13612345678"))
    after_fix(k)
    # By ID card: the card waits at its window (附件2).
    k.start_service("progress", PERSON_AT_WINDOW, first_page="id-number")
    k.wait_page("result", 20)
    texts = " ".join(k.texts())
    check("地址" in texts and "电话" in texts, "the result names no window")
    k.shot("progress-result")
    k.act("next")
    k.wait_page("done", 20)
    k.act("next")
    k.wait_page("attract")


def case_temporary_card(k):
    """temporary card (R12, R13): confirm, print, take; refused when one is held"""
    cards = k.jobs("card")
    k.start_service("temporary_card", PERSON_PRODUCTION)
    wait_any(k, ["confirm", "camera"])
    if k.page() == "camera":
        capture_until(k, "confirm")
    k.shot("confirm-temporary-card")
    k.act("next")
    k.wait_page("take-card", 120)
    k.simulate("cardfeed take")
    k.wait_page("done", 60)
    check(k.wait_jobs("card", cards + 1) == cards + 1, "the temporary card was not printed")
    kinds = [card["kind"] for card in k.person(PERSON_PRODUCTION)["cards"]]
    check("temporary" in kinds, "center: no temporary card: %s" % kinds)
    k.act("next")
    k.wait_page("attract")
    k.start_service("temporary_card", PERSON_AT_WINDOW)
    k.wait_page("refused", 20)
    check(k.last_error().startswith("R1"), "temporary card refusal: " + k.last_error())
    k.act("next")
    k.wait_page("attract")


def case_face_mismatch(k):
    """a face that does not match: the hint, new photos, then the failed page"""
    k.start_service("green_channel", PERSON_FACE_FAIL)
    k.wait_page("camera")
    k.act("capture")
    time.sleep(0.15)
    k.shot("working-face")
    # Each photo is checked, then compared at the center (latency 250 ms);
    # a mismatch comes back to the camera with a hint, the third one fails.
    for attempt in range(6):
        time.sleep(2.0)
        if k.page() != "camera":
            break
        k.act("capture")
    k.wait_page("failed", 30)
    check(k.last_error().startswith("face-mismatch: "), "last error: " + k.last_error())
    k.shot("failed")
    check(k.last_session()["outcome"] == "failed", "journal outcome")
    k.act("next")
    k.wait_page("attract")


def log_problems(text):
    """Warnings and criticals of ours or GTK's, sanitizer reports (but the
    leaks of the system's font and type caches at exit)."""
    return [line for line in text.splitlines()
            if ("-WARNING" in line or "-CRITICAL" in line or "runtime error:" in line
                or ("ERROR: AddressSanitizer" in line))
            and not line.startswith("dbus-daemon")
            # GTK's own, when this test asks AT-SPI where a widget is on X11
            and "Screen coordinates not supported" not in line]


def case_clean_exit(k):
    """SIGTERM ends the program cleanly: status 0, nothing wrong in its log"""
    status = k.stop()
    with open(k.log_path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    bad = log_problems(text)
    check(not bad, "problems in the log:\n" + "\n".join(bad[:10]))
    if "LeakSanitizer" not in text:
        check(status == 0, "exit status %s" % status)


def case_clean_log(k):
    """the program's log has no warning or critical, and no personal data"""
    with open(k.log_path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    bad = [line for line in text.splitlines()
           if ("-WARNING" in line or "-CRITICAL" in line) and not line.startswith("dbus-daemon")
           # GTK's own, when this test asks AT-SPI where a widget is on X11
           and "Screen coordinates not supported" not in line]
    check(not bad, "warnings in the log:\n" + "\n".join(bad[:10]))
    for value in [PERSON_GREEN, PERSON_HK, PERSON_ACTIVE, "张三", "陈大文", "卫五", "13912345678"]:
        check(value not in text, "the log holds personal data: " + value)


def case_cancel_wipes(k):
    """取消 on the form: home at once, the typed phone and the name gone"""
    k.start_service("green_channel", PERSON_HK)
    k.wait_page("camera")
    capture_until(k, "form-phone")
    for key in "13800001111":
        k.act("keypad-press", k.s(key))
    k.click("取消·回到首页")
    k.wait_page("attract")
    k.assert_nothing_personal("138 0000 1111", "13800001111", "陈*", "陈大文")
    session = k.last_session()
    check(session["outcome"] == "cancelled", "journal outcome: %s" % session["outcome"])


def case_timeout(k):
    """a page timeout: warning before the end, 继续办理 extends, then home and the data wiped"""
    k.start_service("green_channel", PERSON_HK)
    k.wait_page("camera")
    capture_until(k, "form-phone")
    for key in "13912340000":
        k.act("keypad-press", k.s(key))
    # form_timeout_s=15, warning_s=8: the warning comes 8 s before the end.
    end = time.monotonic() + 15
    while k.find("您还在办理吗？") is None:
        check(time.monotonic() < end, "no warning before the timeout")
        time.sleep(0.3)
    k.shot("timeout-warning")
    k.click("继续办理")
    time.sleep(0.5)
    check(k.find("您还在办理吗？") is None, "继续办理 did not close the warning")
    check(k.page() == "form-phone", "继续办理 left the page")
    k.wait_page("attract", 25)
    check(k.last_error().startswith("timeout: "), "last error: " + k.last_error())
    check(any("操作超时" in text for text in k.texts(showing_only=True)),
          "the attract page does not say why")
    k.shot("attract-after-timeout")
    k.assert_nothing_personal("139 1234 0000", "13912340000", "陈*", "陈大文")
    session = k.last_session()
    check("time" in session["outcome"], "journal outcome: %s" % session["outcome"])


def case_wrong_actions(k):
    """actions that do not fit the page are refused with an error, never a crash"""
    k.home()
    for action, parameter in [("next", None), ("back", None), ("set-phone", k.s("139")),
                              ("choose-bank", k.s("nobank")), ("add-stroke",
                                                                variant("a(dd)", [])),
                              ("choose-card", variant("u", 99)),
                              ("start-service", k.s("no-such-service")),
                              ("simulate", k.s("printer HELLO")),
                              ("keypad-press", k.s("%%%"))]:
        k.act(action, parameter)
        time.sleep(0.1)
        check(k.app.poll() is None, "app.%s killed the program" % action)
        check(k.page() == "attract", "app.%s left the attract page" % action)
    check(k.last_error() != "", "no last error after refused actions")


def write_control(k, printer, text):
    """The ippeveprinter simulator's control file (kiosk-printer-simulator.h):
    a fault for its next jobs; None prints fine again."""
    path = k.printer_info.get(printer + "_control") or os.path.join(
        os.path.dirname(k.printer_info[printer + "_spool"]), "control")
    if text is None:
        if os.path.exists(path):
            os.unlink(path)
        return
    with open(path + ".tmp", "w", encoding="utf-8") as out:
        out.write(text)
    os.rename(path + ".tmp", path)


def green_channel_to_signature(k, person, phone="13912345678", bank="icbc", shots=False,
                               until=None):
    """From the attract page to a submitted signature, the form filled (or
    to the page `until`: "camera", "form-details", or "signature" with the
    stroke drawn)."""
    k.start_service("green_channel")
    if shots:
        k.shot("id-card")
    k.place_id(person)
    k.wait_page("camera", 30)
    if until == "camera":
        return
    if shots:
        k.shot("camera")
    capture_until(k, "form-phone")
    if shots:
        k.shot("form-phone")
    k.act("set-phone", k.s(phone))
    k.act("next")
    k.wait_page("form-bank")
    k.act("choose-bank", k.s(bank))
    if shots:
        k.shot("form-bank")
    k.act("next")
    k.wait_page("form-postal")
    k.act("set-postal-code", k.s("130000"))
    if shots:
        k.shot("form-postal")
    k.act("next")
    k.wait_page("form-details")
    if until == "form-details":
        return
    if shots:
        k.shot("form-details")
        k.act("address-key", k.s("edit"))
        time.sleep(0.3)
        k.shot("form-details-address")
        k.act("address-key", k.s("cancel"))
    k.act("next")
    k.wait_page("review")
    if shots:
        k.shot("review")
    k.act("next")
    k.wait_page("signature")
    k.act("add-stroke", variant("a(dd)", [(0.2, 0.5), (0.4, 0.3), (0.6, 0.6), (0.8, 0.4)]))
    if shots:
        time.sleep(0.2)
        k.shot("signature")
    if until == "signature":
        return
    k.act("next")


def case_spoiled_progress(k):
    """a card spoiled in production: the progress query shows its application; a receipt not printed"""
    write_control(k, "card", "ERROR: print head fault\nEXIT 1\n")
    try:
        green_channel_to_signature(k, PERSON_HK, bank="ccb")
        k.wait_page("failed", 120)
    finally:
        write_control(k, "card", None)
    k.shot("failed-spoiled")
    check(k.last_session()["outcome"] == "spoiled", "journal: %s" % k.last_session()["outcome"])
    k.act("next")
    k.wait_page("attract")
    # The progress query knows the application and names the bank's window.
    k.start_service("progress", PERSON_HK, first_page="id-number")
    k.wait_page("result", 20)
    texts = " ".join(k.texts(showing_only=True))
    check("制卡失败" in texts and "申请仍然有效" in texts, "the result does not say the card "
          "failed: " + texts[:200])
    check("未查询到" not in texts and "电话" in texts, "no window on the result")
    k.shot("progress-result-spoiled")
    # The receipt printer is out of paper: the done page does not point at
    # the slot, it shows the receipt's QR code to photograph.
    write_control(k, "receipt", "ERROR: out of paper\nEXIT 1\n")
    try:
        k.act("next")
        k.wait_page("done", 30)
        end = time.monotonic() + 10
        while k.find("回执未能打印，请拍下屏幕上的回执二维码") is None:
            check(time.monotonic() < end, "the done page does not say the receipt failed")
            time.sleep(0.2)
        check(k.find("请取走下方出纸口的凭条，妥善保管") is None, "the done page points at the slot")
        k.shot("done-receipt-not-printed")
    finally:
        write_control(k, "receipt", None)
    steps = [(step["step"], step.get("result") or "") for step in k.last_session()["steps"]]
    check(any(step == "receipt" and result.startswith("failed") for step, result in steps),
          "journal: %s" % steps)
    k.act("next")
    k.wait_page("attract")


def case_landscape(k):
    """landscape 1920×1080: every page of the services laid out, targets ≥ 64 px"""
    k.wait_page("attract", 60)
    k.shot("attract")
    green_channel_to_signature(k, PERSON_GREEN, bank="jlbank", shots=True)
    k.wait_page("production", 20)
    time.sleep(0.8)
    k.shot("production")
    k.wait_page("take-card", 120)
    k.shot("take-card")
    k.simulate("cardfeed take")
    k.wait_page("done", 60)
    k.shot("done")
    k.act("next")
    k.wait_page("attract")
    # A refusal.
    k.start_service("green_channel", PERSON_DECEASED)
    k.wait_page("refused", 20)
    k.shot("refused")
    k.act("next")
    k.wait_page("attract")
    # The progress query: the keypad and a result.
    k.start_service("progress", first_page="id-number")
    k.shot("id-number")
    k.act("submit-id-number", k.s(PERSON_AT_WINDOW))
    k.wait_page("result", 20)
    k.shot("progress-result")
    k.act("cancel")
    k.wait_page("attract")
    # Temporary loss: the cards and the confirmation.
    k.start_service("temporary_loss", PERSON_ACTIVE)
    k.wait_page("choose-card")
    k.shot("choose-card")
    k.act("choose-card", variant("u", 0))
    k.wait_page("confirm")
    k.shot("confirm-temporary-loss")
    k.act("cancel")
    k.wait_page("attract")
    # Formal loss: the functions (after the face).
    k.start_service("formal_loss", PERSON_LOSS_DAY1)
    k.wait_page("camera")
    capture_until(k, "choose-functions")
    k.shot("choose-functions")
    k.act("cancel")
    k.wait_page("attract")
    # Unblock: the chip card picture.
    k.start_service("unblock", PERSON_LOSS_DAY1)
    k.wait_page("camera")
    capture_until(k, "insert-card")
    k.shot("insert-card")
    k.act("cancel")
    k.wait_page("attract")
    # The center answers with an error: the failed page (the portrait run
    # reaches it by a face that does not match).
    k.simulate("center FAIL lookup_person error 1")
    try:
        k.start_service("green_channel", PERSON_GREEN)
        k.wait_page("failed", 30)
    finally:
        k.simulate("center CLEAR")
    k.shot("failed")
    k.act("next")
    k.wait_page("attract")


def case_out_of_service(k):
    """a center that cannot start: the out-of-service page, the reason in last-error"""
    k.wait_page("out-of-service", 30)
    check(k.last_error().startswith("config: "), "last error: " + k.last_error())
    k.shot("out-of-service")
    k.act("start-service", k.s("green_channel"))
    time.sleep(0.3)
    check(k.page() == "out-of-service", "a service started on a broken kiosk")


def slow_camera(args, seconds, start_timeout_ms):
    """A camera (the same photo file, 5 frames a second) whose pipeline holds
    its frames back by `seconds` at every start (clocksync's offset): a
    camera that is slow to start, or one that never does."""
    return """camera_simulator=false
camera_pipeline=multifilesrc location=%s loop=true caps=image/jpeg,framerate=5/1 ! jpegdec ! clocksync ts-offset=%d
camera_start_timeout_ms=%d
""" % (os.path.join(args.fixtures, "pass-centre.jpg"), seconds * 1000000000, start_timeout_ms)


def camera_page_at_once(k):
    """To the camera page of a green channel, returning the moment it shows."""
    k.wait_page("attract", 90)  # the devices open first: the camera's first frame
    k.start_service("green_channel", PERSON_GREEN)
    end = time.monotonic() + 30
    while k.page() != "camera":
        check(time.monotonic() < end, "no camera page: %s (%s)" % (k.page(), k.last_error()))
        time.sleep(0.02)


def taken_at_first_frame(k, tapped):
    check(k.find("正在启动相机…", "push button") is not None,
          "the button does not say that the camera is starting: %s" % [
              text for text in k.texts(showing_only=True) if "拍照" in text or "相机" in text])
    check(any("画面出现后马上拍照" in text for text in k.texts(showing_only=True)),
          "the page does not say that the photo is coming")
    k.shot("camera-starting")
    wait_any(k, ["form-phone"], 45)
    waited = time.monotonic() - tapped
    check(waited > 4, "the camera was not slow (%.1f s): the case proves nothing" % waited)


def dropped_after_wait(k, tapped):
    end = tapped + 30
    while not any("相机没有画面" in text for text in k.texts(showing_only=True)):
        check(time.monotonic() < end, "no message 30 s after 拍照 on a camera without frames:"
              " %s" % k.texts(showing_only=True))
        check(k.page() == "camera", "left the camera page without a frame: %s (%s)" % (
            k.page(), k.last_error()))
        time.sleep(0.3)
    check(time.monotonic() - tapped >= 14, "the tap did not wait for the camera")
    k.shot("camera-no-frame")
    end = time.monotonic() + 30
    while k.find("拍照", "push button") is None:
        check(time.monotonic() < end, "the button never became 拍照 again")
        time.sleep(0.3)
    time.sleep(1.0)
    check(k.page() == "camera", "the dropped tap took a photo after all: " + str(k.page()))
    capture_until(k, "form-phone")


def case_camera_slow_start(args):
    """拍照 tapped as the camera page appears, the camera slow to start: the button says 正在启动相机…, the photo is taken at the first frame (one tap); a camera with no frame for 15 s: the tap dropped, a clear message"""
    # 8 s: longer than the camera's still timeout (5 s), which dropped such a
    # tap before (the flow sat on the camera page with 拍照失败). 18 s (the
    # camera's own start timeout set longer): the tap waits 15 s, then the
    # page says so and drops it — no photo long after the tap; at the first
    # frame the button is 拍照 again and a tap takes the photo.
    for seconds, start_timeout_ms, then in [(8, 30000, taken_at_first_frame),
                                            (18, 60000, dropped_after_wait)]:
        k = Kiosk(args, camera=slow_camera(args, seconds, start_timeout_ms))
        try:
            k.start()
            camera_page_at_once(k)
            k.act("capture")
            then(k, time.monotonic())
            k.act("cancel")
            k.wait_page("attract")
        except TestFailure as error:
            raise TestFailure("%s\n%s" % (error, k.tail_log(15)))
        finally:
            k.cleanup()


def case_garbage_config(args):
    """a garbage configuration stops the program with a message naming the key"""
    with tempfile.TemporaryDirectory() as directory:
        for text, key in [("[store]\nretention_days=forever\n", "retention_days"),
                          ("[ui]\nauto_capture_s=often\n", "auto_capture_s")]:
            path = os.path.join(directory, "bad.conf")
            with open(path, "w", encoding="utf-8") as out:
                out.write(text)
            result = subprocess.run([args.sskiosk, "--config", path], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, timeout=30)
            check(result.returncode != 0, "accepted: " + text)
            check(key in result.stderr, "the error does not name %s: %s" % (key, result.stderr))


def inner(args):
    # fatal-warnings is for our C programs; the AT-SPI client library warns
    # (and would abort) while the accessibility bus is still starting.
    os.environ.pop("G_DEBUG", None)
    number = args.first
    results = []

    # KIOSK_UI_CASES=case_a,case_b runs only those (while working on them).
    only = [name for name in os.environ.get("KIOSK_UI_CASES", "").split(",") if name]

    def run(case, *case_args):
        nonlocal number
        title = (case.__doc__ or case.__name__).strip().splitlines()[0]
        if only and case.__name__ not in only and case.__name__ not in (
                "case_attract", "case_clean_exit"):
            return
        started = time.monotonic()
        try:
            case(*case_args)
            print("ok %d - %s (%.1f s)" % (number, title, time.monotonic() - started),
                  flush=True)
            results.append(True)
        except Exception as error:  # TestFailure, or anything the harness did not expect
            print("not ok %d - %s" % (number, title), flush=True)
            for line in ("".join(traceback.format_exception_only(type(error), error))
                         ).splitlines():
                print("# " + line, flush=True)
            if not isinstance(error, TestFailure):
                for line in traceback.format_exc().splitlines():
                    print("# " + line, flush=True)
            if len(case_args) and isinstance(case_args[0], Kiosk):
                for line in case_args[0].tail_log().splitlines():
                    print("#   | " + line, flush=True)
            results.append(False)
        number += 1

    if args.inner == "portrait":
        run(case_garbage_config, args)
        kiosk = None
        try:
            kiosk = Kiosk(args)
            kiosk.start()
            run(case_attract, kiosk)
            run(case_production_mode, kiosk)
            run(case_green_channel, kiosk)
            run(case_deceased, kiosk)
            run(case_temporary_loss, kiosk)
            run(case_formal_loss, kiosk)
            run(case_unblock, kiosk)
            run(case_progress, kiosk)
            run(case_temporary_card, kiosk)
            run(case_spoiled_progress, kiosk)
            run(case_cancel_wipes, kiosk)
            run(case_timeout, kiosk)
            run(case_face_mismatch, kiosk)
            run(case_wrong_actions, kiosk)
            run(case_clean_log, kiosk)
            run(case_clean_exit, kiosk)
        except Exception as error:
            print("not ok %d - the kiosk could not be started: %s" % (number, error))
            if kiosk is not None:
                for line in kiosk.tail_log().splitlines():
                    print("#   | " + line)
            results.append(False)
        finally:
            if kiosk is not None:
                kiosk.cleanup()
        run(case_camera_slow_start, args)
    elif args.inner == "landscape":
        kiosk = Kiosk(args)
        try:
            kiosk.start()
            run(case_landscape, kiosk)
        finally:
            kiosk.cleanup()
    else:
        kiosk = Kiosk(args, "[center]\nsimulator_db=/proc/version/center-sim.db\n",
                      devices=False)
        try:
            kiosk.start()
            run(case_out_of_service, kiosk)
        finally:
            kiosk.cleanup()
    return 0 if all(results) else 1


def main():
    args = parse_args()
    if args.inner is None:
        return outer(args)
    return inner(args)


if __name__ == "__main__":
    sys.exit(main())
