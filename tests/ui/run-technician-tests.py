#!/usr/bin/python3
"""run-technician-tests.py — technician mode on the touchscreen, end to end (suite 'technician')

The real sskiosk under Xvfb with its simulators, exactly as run-ui-tests.py
runs it (its harness, the Kiosk class, is imported from there, not copied),
driven through the technician GActions over D-Bus and, for the hidden
gesture, five real taps (xdotool) on the attract page's logo:

  entry gesture → PIN page; nothing technical before the PIN; five wrong PINs
  → lockout (the right PIN refused unchecked; a new PIN from kioskctl ends it);
  the right PIN typed on the keypad → menu; device status; a self-test of
  every device (ID card read and masked, chip card read, test card through the
  transport and spoiled, test receipt printed, camera meter, transport); a
  batch loaded → a green-channel issuance → reconcile balanced → a card pulled
  out of the hopper by hand (the simulator's `cardfeed remove`) → reconcile
  names the hopper line → that card marked spoiled → balanced again; refusals
  (spoil an issued card, confirm a card that is not uncertain); a safe field
  changed and a bad value refused (file unchanged); export to a directory
  with the archive's checksum and MANIFEST.sha256 verified; supplies, recent
  sessions (masked) and errors; typing by touch (issue 6): a batch's first
  serial and count on the on-screen keyboard (the first key a real xdotool
  tap, the rest app.technician-key), a card spoiled with a preset reason, the
  site name on the pinyin keyboard and saved; leaving → attract; restart → the program
  exits, comes back with the changed site, and technician mode times out by
  itself. Every step is checked in the audit log (kioskctl audit verify).
  A screenshot of every technician page goes to --shots.

Output is TAP. Exit 77 when Xvfb or the other tools are not installed.
"""

import hashlib
import importlib.util
import os
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("kiosk_ui_harness",
                                               os.path.join(HERE, "run-ui-tests.py"))
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)
# The reliability suite's green channel up to production (its only import
# here: drive_green_channel, which uses nothing but the harness's Kiosk).
_spec = importlib.util.spec_from_file_location(
    "kiosk_reliability", os.path.join(HERE, "..", "reliability", "kiosk_reliability.py"))
reliability = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reliability)

Kiosk = harness.Kiosk
TestFailure = harness.TestFailure
check = harness.check

PIN = "482916"
WRONG_PIN = "135790"
IDLE_TIMEOUT_S = 300


class TechKiosk(Kiosk):
    """The harness's kiosk with an operator PIN and the technician's actions."""

    def __init__(self, args):
        self.export_dir = tempfile.mkdtemp(prefix="kiosk-usb-")
        super().__init__(args, "[technician]\nlockout_minutes=1\nidle_timeout_s=%d\n"
                         "export_dir=%s\n" % (IDLE_TIMEOUT_S, self.export_dir))
        self.set_pin(PIN)

    def start(self):
        # Under ASan the program's exits are leak-checked (the restart case
        # wants status 0): with the UI's and the reliability suite's
        # suppressions (fontconfig's caches, GLib's initialisation).
        supp = os.path.join(self.dir, "lsan.supp")
        with open(supp, "w", encoding="utf-8") as out:
            for name in [os.path.join(HERE, "lsan.supp"),
                         os.path.join(HERE, "..", "reliability", "lsan.supp")]:
                with open(name, encoding="utf-8") as f:
                    out.write(f.read() + "\n")
        os.environ["LSAN_OPTIONS"] = "suppressions=%s:print_suppressions=0" % supp
        super().start()

    def set_pin(self, pin):
        result = subprocess.run([self.args.kioskctl, "--config", self.config, "pin", "set"],
                                input=pin + "\n", text=True, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, timeout=60)
        check(result.returncode == 0, "kioskctl pin set: " + result.stderr)

    def cleanup(self):
        super().cleanup()
        import shutil
        shutil.rmtree(self.export_dir, ignore_errors=True)

    def reply(self):
        return self.state("technician-reply") or ""

    def seq(self):
        reply = self.reply()
        return int(reply.split(" ", 1)[0]) if reply else 0

    def tech(self, action, parameter=None, timeout=60, ok=True):
        """Activates app.technician-ACTION and waits for its reply (OK or ERR)."""
        before = self.seq()
        self.act("technician-" + action, parameter)
        end = time.monotonic() + timeout
        while self.seq() == before:
            if self.app.poll() is not None:
                raise TestFailure("sskiosk died (%d):\n%s" % (self.app.returncode,
                                                              self.tail_log()))
            check(time.monotonic() < end, "no answer to technician-%s in %ss (page %s, %s)" % (
                action, timeout, self.page(), self.last_error()))
            time.sleep(0.05)
        reply = self.reply().split(" ", 1)[1]
        if ok is not None:
            check(reply.startswith("OK" if ok else "ERR"),
                  "technician-%s: %s" % (action, reply))
        return reply

    def audit(self):
        """The audit entries' actions, in order (kioskctl audit verify)."""
        return self.kioskctl("audit", "verify")

    def stock(self):
        return self.kioskctl("stock", "list")

    def visible_text(self):
        return "\n".join(self.texts(showing_only=True))

    def logo(self):
        """Where the logo is: left of the kiosk's title on the attract page (the
        logo itself is decoration, not in the accessibility tree)."""
        import pyatspi
        node = self.find("吉林省社会保障卡自助服务", "label")
        check(node is not None, "no title on " + self.page())
        box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        return box.x - 24 - 48, box.y + box.height // 2

    def taps(self, count):
        x, y = self.logo()
        subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y)], check=True)
        for _ in range(count):
            subprocess.run(["xdotool", "click", "1"], check=True)
            time.sleep(0.15)

    def gesture(self):
        """Five taps on the logo within three seconds."""
        self.taps(5)

    def enter(self):
        self.home()
        self.act("technician-gesture")
        self.wait_page("technician-pin")
        self.tech("enter", self.s(PIN))
        self.wait_page("technician-menu")


def audit_actions(k):
    """Every audit entry's action, from the store (kioskctl's JSON)."""
    verdict = k.audit()
    check(verdict.get("ok", verdict.get("intact", True)), "audit chain broken: %s" % verdict)
    return verdict


# ---- the cases ----------------------------------------------------------------------

def case_gesture(k):
    """hidden gesture: five taps on the logo open the PIN page; nothing before the PIN"""
    k.wait_page("attract", 60)
    # Not entered: every technician action is refused.
    reply = k.tech("show", k.s("stock"), ok=False)
    check("technician mode is not active" in reply, reply)
    check(k.page() == "attract", "a technician page without the PIN: " + k.page())
    # Four taps do nothing.
    k.taps(4)
    time.sleep(0.5)
    check(k.page() == "attract", "four taps opened " + k.page())
    time.sleep(3.2)  # those four are now older than three seconds
    k.gesture()
    k.wait_page("technician-pin", 10)
    check("还可以尝试 5 次" in k.visible_text(), "the PIN page does not say 5 attempts")
    k.shot("technician-pin")
    # 取消·回到首页 leaves.
    k.act("cancel")
    k.wait_page("attract")


def case_lockout(k):
    """five wrong PINs lock the entry; the right PIN is refused unchecked; a new PIN ends it"""
    k.home()
    k.act("technician-gesture")
    k.wait_page("technician-pin")
    for attempt in range(1, 6):
        reply = k.tech("enter", k.s(WRONG_PIN), ok=False)
        if attempt < 5:
            check("pin-wrong" in reply, "attempt %d: %s" % (attempt, reply))
            check(k.last_error().startswith("pin-wrong: "), k.last_error())
        else:
            check("pin-locked" in reply, "the 5th wrong PIN did not lock: " + reply)
    check(k.page() == "technician-pin", "left the PIN page: " + k.page())
    check("已锁定" in k.visible_text(), "the page does not say it is locked")
    k.shot("technician-pin-locked")
    # Locked: even the right PIN is refused, and not checked (nothing audited).
    before = audit_actions(k)
    reply = k.tech("enter", k.s(PIN), ok=False)
    check("pin-locked" in reply, "the right PIN entered while locked: " + reply)
    after = audit_actions(k)
    check(after.get("entries") == before.get("entries"),
          "an attempt while locked was audited: %s → %s" % (before, after))
    # A new PIN (over SSH) ends the lockout.
    k.set_pin(PIN)
    k.act("cancel")
    k.wait_page("attract")


def case_enter(k):
    """the right PIN typed on the keypad enters technician mode: the menu, a countdown"""
    k.home()
    k.act("technician-gesture")
    k.wait_page("technician-pin")
    for key in PIN:
        k.gapplication("keypad-press", "'%s'" % key)
    time.sleep(0.2)
    check(PIN not in k.visible_text(), "the PIN is on screen")
    check("已输入 6 位" in k.visible_text(), "the PIN's dots do not say six digits")
    k.tech("enter", k.s(""))
    k.wait_page("technician-menu")
    check(k.last_error() == "", "last error after entry: " + k.last_error())
    time.sleep(0.5)
    k.shot("technician-menu")
    text = k.visible_text()
    for label in ["设备状态", "设备自检", "卡片库存", "导出日志到U盘", "JL-UI-TEST-01"]:
        check(label in text, "the menu lacks " + label)


def case_devices(k):
    """device status: each device with its driver, connection, identity and counters"""
    k.tech("show", k.s("devices"))
    k.wait_page("technician-devices")
    text = k.visible_text()
    for name in ["idreader", "chip", "cardfeed", "card_printer", "receipt_printer", "camera"]:
        check(name in text, "device status lacks " + name)
    check("已连接" in text, "no device says it is connected")
    k.shot("technician-devices")


def case_selftests(k):
    """a self-test per device: ID card, chip card, test card, test receipt, camera meter, transport"""
    k.tech("show", k.s("selftest"))
    k.wait_page("technician-selftest")
    # The live preview's meter (the camera streams on demand: for this page).
    end = time.monotonic() + 20
    while "背景白度" not in k.visible_text():
        check(time.monotonic() < end, "the live meter shows nothing")
        time.sleep(0.3)
    k.place_id(harness.PERSON_GREEN)
    reply = k.tech("selftest", k.s("idreader"))
    check(" passed" in reply, reply)
    check("张三" not in k.visible_text() and harness.PERSON_GREEN not in k.visible_text(),
          "the ID self-test shows personal data unmasked")
    k.shot("technician-selftest-idreader")
    k.remove_id()
    # The chip reader with a card in it.
    card_file = os.path.join(k.dir, "test-card.ini")
    harness.write_found_card(k, card_file)
    k.simulate("chip LOAD " + card_file)
    k.simulate("chip INSERT")
    reply = k.tech("selftest", k.s("chip"))
    check(" passed" in reply, reply)
    check("孙八" not in k.visible_text(), "the chip self-test shows the name unmasked")
    k.simulate("chip REMOVE")
    receipts, cards = k.jobs("receipt"), k.jobs("card")
    reply = k.tech("selftest", k.s("receipt_printer"))
    check(" passed" in reply, reply)
    check(k.wait_jobs("receipt", receipts + 1) == receipts + 1, "no test receipt printed")
    spoiled = k.stock()["counts"]["spoiled"]
    reply = k.tech("selftest", k.s("card_printer"), timeout=90)
    check(" passed" in reply and " card " in reply, reply)
    check(k.wait_jobs("card", cards + 1) == cards + 1, "no test card printed")
    check(k.stock()["counts"]["spoiled"] == spoiled + 1, "the test card is not spoiled in stock")
    k.shot("technician-selftest-card")
    reply = k.tech("selftest", k.s("cardfeed"))
    check(" passed" in reply, reply)
    reply = k.tech("selftest", k.s("camera"))
    check("whiteness" in reply, "no camera meter: " + reply)
    # The live meter under the preview.
    end = time.monotonic() + 10
    while "背景白度" not in k.visible_text():
        check(time.monotonic() < end, "the live meter shows nothing")
        time.sleep(0.3)
    k.shot("technician-selftest-camera")
    reply = k.tech("selftest", k.s("toaster"), ok=False)
    check("no such self-test" in reply, reply)


def stock_counts(k):
    return k.stock()["counts"]


def case_stock(k):
    """stock: load → green-channel issuance → reconcile → a card pulled out by hand → spoil"""
    k.tech("show", k.s("stock"))
    k.wait_page("technician-stock")
    before = stock_counts(k)
    reply = k.tech("stock-load", harness.variant("(su)", ("JL24U000001", 3)))
    check("batch" in reply, reply)
    check(stock_counts(k)["in_stock"] == before["in_stock"] + 3, "the batch is not in stock")
    reply = k.tech("stock-load", harness.variant("(su)", ("JL24U000002", 2)), ok=False)
    check("JL24U000002" in reply or "已" in reply, "a known serial was loaded again: " + reply)
    reply = k.tech("reconcile")
    check(reply == "OK reconcile: balanced", "after the load: " + reply)
    k.shot("technician-stock")
    # A citizen's card through the green channel (the harness's own case).
    k.tech("leave")
    k.wait_page("attract")
    try:
        harness.case_green_channel(k)
    except TestFailure:
        # A card the flow itself spoiled (a chip read-back under a loaded
        # machine, ASan) is accounted like any other; the citizen tries again.
        check(k.last_error().startswith("spoiled: "), "green channel: " + k.last_error())
        print("# the green channel spoiled a card (%s); once more" % k.last_error(), flush=True)
        k.home()
        harness.case_green_channel(k)
    k.enter()
    reply = k.tech("reconcile")
    check(reply == "OK reconcile: balanced", "after the issuance: " + reply)
    # A blank taken out of the hopper by hand: the stock still counts it.
    k.simulate("cardfeed remove 1")
    reply = k.tech("reconcile")
    check(reply.startswith("OK reconcile: differs: ") and "hopper" in reply,
          "the planted difference was not found: " + reply)
    k.wait_page("technician-stock")
    check("对账有差异" in k.visible_text(), "the page does not show the difference")
    k.shot("technician-stock-difference")
    # The technician marks that card spoiled: balanced again.
    cards = k.kioskctl("stock", "list", "--state", "in_stock", "--cards")
    serial = sorted(card["serial"] for card in cards["cards"])[-1]
    k.tech("stock-spoil", harness.variant("(ss)", (serial, "corner bent, taken out by hand")))
    reply = k.tech("reconcile")
    check(reply == "OK reconcile: balanced", "after the spoil: " + reply)
    # Refusals: an issued card is not blank stock; confirm needs an uncertain card.
    issued = k.kioskctl("stock", "list", "--state", "issued", "--cards")["cards"]
    check(len(issued) >= 1, "no issued card in stock")
    reply = k.tech("stock-spoil", harness.variant("(ss)", (issued[0]["serial"], "test")), ok=False)
    k.tech("stock-confirm", harness.variant("(ss)", (serial, "test")), ok=False)
    k.tech("stock-spoil", harness.variant("(ss)", ("JL24U000001", "")), ok=False)
    check(k.page() == "technician-stock", "left the stock page: " + k.page())
    audit_actions(k)


def entered(k):
    """Technician mode, whatever an earlier case left."""
    if not (k.page() or "").startswith("technician-") or k.page() == "technician-pin":
        k.enter()


def case_config(k):
    """configuration: a safe field saved; a bad value and a read-only field refused"""
    entered(k)
    k.tech("show", k.s("config"))
    k.wait_page("technician-config")
    k.shot("technician-config")
    with open(k.config, "rb") as f:
        original = f.read()
    reply = k.tech("config-set", harness.variant("(sss)", ("center", "latency_ms", "abc")),
                   ok=False)
    with open(k.config, "rb") as f:
        check(f.read() == original, "a refused value changed the file")
    k.tech("config-set", harness.variant("(sss)", ("store", "state_dir", "/tmp")), ok=False)
    k.tech("config-set", harness.variant("(sss)", ("kiosk", "site", "测试服务大厅二")))
    with open(k.config, encoding="utf-8") as f:
        check("site=测试服务大厅二" in f.read().replace(" ", ""), "the site was not written")
    check("已保存" in k.visible_text(), "the page does not say it was saved")


def case_export(k):
    """export to the USB stick directory: archive, its checksum and MANIFEST.sha256 verified"""
    entered(k)
    k.tech("show", k.s("export"))
    k.wait_page("technician-export")
    reply = k.tech("export", k.s(""), timeout=90)
    archive, digest = reply.split(": ", 1)[1].split(" ")
    check(os.path.dirname(archive) == k.export_dir, "exported elsewhere: " + archive)
    with open(archive, "rb") as f:
        check(hashlib.sha256(f.read()).hexdigest() == digest, "the archive's checksum differs")
    with open(archive + ".sha256", encoding="utf-8") as f:
        check(f.read().split()[0] == digest, "the .sha256 file differs")
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = [n for n in names if n.endswith("/MANIFEST.sha256")]
        check(len(manifest) == 1, "no manifest: %s" % names)
        top = manifest[0].rsplit("/", 1)[0]
        lines = tar.extractfile(manifest[0]).read().decode().splitlines()
        check(len(lines) >= 5, "a short manifest: %s" % lines)
        for line in lines:
            want, name = line.split("  ", 1)
            data = tar.extractfile(top + "/" + name).read()
            check(hashlib.sha256(data).hexdigest() == want, "manifest: %s differs" % name)
            for personal in ["张三", harness.PERSON_GREEN, "13912345678"]:
                check(personal.encode() not in data, "%s holds personal data" % name)
    time.sleep(0.3)
    k.shot("technician-export")
    # No stick: refused with a clear message.
    reply = k.tech("export", k.s(os.path.join(k.export_dir, "missing")), ok=False)


def case_lists(k):
    """supplies, recent sessions (masked) and recent errors"""
    entered(k)
    k.tech("show", k.s("supplies"))
    k.wait_page("technician-supplies")
    end = time.monotonic() + 30
    while "色带" not in k.visible_text():
        check(time.monotonic() < end, "the supplies page shows no ribbon")
        time.sleep(0.3)
    k.shot("technician-supplies")
    k.tech("show", k.s("sessions"))
    k.wait_page("technician-sessions")
    text = k.visible_text()
    check("green-channel" in text, "the green channel is not among the recent sessions")
    check("张三" not in text and harness.PERSON_GREEN not in text, "a session is not masked")
    k.shot("technician-sessions")
    k.tech("show", k.s("errors"))
    k.wait_page("technician-errors")
    k.shot("technician-errors")
    k.tech("show", k.s("nowhere"), ok=False)


def case_uncertain(k):
    """an uncertain card (power cut at the eject, card gone) confirmed issued: the center hears it"""
    k.home()
    k.stop()
    os.environ["KIOSK_TEST_KILL_AT"] = "eject:intent"
    try:
        k.start()
        k.wait_page("attract", 60)
        for attempt in range(2):
            try:
                reliability.drive_green_channel(k, harness.PERSON_HK)
                break
            except TestFailure as error:
                # The photo check on a loaded machine (ASan) may outlast the
                # page's timeout; the citizen starts again.
                if attempt == 1 or k.app.poll() is not None:
                    raise
                print("# the green channel stopped (%s); once more" % error, flush=True)
                k.home()
        try:
            k.app.wait(timeout=120)
        except subprocess.TimeoutExpired:
            raise TestFailure("the program did not die at the eject (page %s)" % k.page())
    finally:
        del os.environ["KIOSK_TEST_KILL_AT"]
    # Power back; the card had left the machine meanwhile (a citizen took it).
    state_path = os.path.join(k.dir, "cardfeed.ini")
    with open(state_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    state = dict(line.split("=", 1) for line in lines if "=" in line)
    check(state["position"] != "none", "no card in the transport at the power cut: %s" % state)
    state["position"] = "none"
    for counter in ["ejected", "taken"]:
        state[counter] = str(int(state.get(counter, "0")) + 1)
    with open(state_path, "w", encoding="utf-8") as f:
        f.write("[cardfeed]\n" + "".join("%s=%s\n" % item for item in state.items()))
    k.start()
    k.wait_page("attract", 60)
    uncertain = k.kioskctl("stock", "list", "--state", "uncertain", "--cards")["cards"]
    check(len(uncertain) == 1, "recovery left %d uncertain cards" % len(uncertain))
    serial = uncertain[0]["serial"]
    before = k.person(harness.PERSON_HK)["cards"]
    check(all(card["stage"] != "collected" for card in before),
          "the center heard of the uncertain card: %s" % before)
    k.enter()
    k.tech("show", k.s("stock"))
    k.wait_page("technician-stock")
    # (After the power cut the accessibility bus no longer lists the program:
    # the page is checked on its screenshot and through the replies.)
    k.shot("technician-stock-uncertain")
    reply = k.tech("stock-confirm", harness.variant("(ss)", (serial, "市民已取走")), timeout=60)
    check("reported to the center" in reply, reply)
    cards = k.person(harness.PERSON_HK)["cards"]
    check(len(cards) == 1 and cards[0]["stage"] == "collected", "center: %s" % cards)
    # Telling it again is harmless (same key); a card that was never uncertain is refused.
    k.tech("stock-report", k.s(serial))
    k.tech("stock-report", k.s("JL24T000002"), ok=False)
    reply = k.tech("reconcile")
    check(reply == "OK reconcile: balanced", "after the confirmation: " + reply)
    sessions = k.kioskctl("journal", "--limit", "3")["sessions"]
    check(any(s["service"] == "technician-report" and s["outcome"] == "reported"
              for s in sessions), "no journaled report: %s" % [
                  (s["service"], s["outcome"]) for s in sessions])


def tap_reply(k, name, timeout=60):
    """A touch on a button (AT-SPI) that answers through technician-reply."""
    before = k.seq()
    k.click(name)
    end = time.monotonic() + timeout
    while k.seq() == before:
        check(time.monotonic() < end, "no answer to a touch on %s (%s)" % (name, k.last_error()))
        time.sleep(0.05)
    return k.reply().split(" ", 1)[1]


def type_keys(k, keys):
    reply = ""
    for key in keys:
        reply = k.tech("key", k.s(key))
    return reply


def case_keyboard(k):
    """typing by touch: a batch by the on-screen keyboard, a preset reason, the site by pinyin"""
    entered(k)
    k.tech("show", k.s("stock"))
    k.wait_page("technician-stock")
    before = stock_counts(k)
    # Nothing open yet; garbage fields refused.
    check("输入框" in k.tech("key", k.s("A"), ok=False), "a key without a field")
    k.tech("field", k.s("no-such-field"), ok=False)
    k.tech("field", k.s("load-serial"))
    # One key by a real tap (xdotool at the key's place on the screen).
    x, y, width, height = k.extents("J")
    check(width >= 64 and height >= 64, "the key J is %dx%d" % (width, height))
    seq = k.seq()
    subprocess.run(["xdotool", "mousemove", "--sync", str(x + width // 2), str(y + height // 2),
                    "click", "1"], check=True)
    end = time.monotonic() + 10
    while k.seq() == seq:
        check(time.monotonic() < end, "the tap on J did nothing (%s)" % k.last_error())
        time.sleep(0.05)
    check(k.reply().endswith("OK key: load-serial=J"), k.reply())
    type_keys(k, "L24K00000")
    check(type_keys(k, ["9", "back", "1"]).endswith("load-serial=JL24K000001"), k.reply())
    k.shot("technician-keyboard")
    for garbage in ["<", "AB", "", "pick:0", "吉"]:
        k.tech("key", k.s(garbage), ok=False)
    check(k.tech("key", k.s("done")) == "OK key: load-serial=JL24K000001 (done)", k.reply())
    k.tech("field", k.s("load-count"))
    check(type_keys(k, ["3", "done"]) == "OK key: load-count=3 (done)", k.reply())
    reply = tap_reply(k, "登记装入")
    check(reply.startswith("OK stock-load") and "batch" in reply, reply)
    check(stock_counts(k)["in_stock"] == before["in_stock"] + 3, "the typed batch is not in stock")
    # A card of it spoiled: taken out of the hopper by hand (as case_stock's),
    # its serial typed, a preset reason.
    k.simulate("cardfeed remove 1")
    k.tech("field", k.s("card-serial"))
    type_keys(k, "JL24K000002")
    k.tech("key", k.s("done"))
    k.tech("reason", k.s("不存在的原因"), ok=False)
    k.tech("reason", k.s("芯片损坏"))
    k.tech("field", k.s("card-reason"))
    check(type_keys(k, ["clear", "back"]) == "OK key: card-reason=", k.reply())
    k.tech("key", k.s("done"))
    k.tech("reason", k.s("芯片损坏"))
    reply = tap_reply(k, "标记作废")
    check(reply.startswith("OK stock-spoil"), reply)
    check(stock_counts(k)["spoiled"] == before["spoiled"] + 1, "the card is not spoiled")
    reply = k.tech("reconcile")
    check(reply == "OK reconcile: balanced", "after the typed load and spoil: " + reply)
    # The site name by the pinyin keyboard, saved with 保存.
    k.tech("show", k.s("config"))
    k.wait_page("technician-config")
    k.tech("field", k.s("kiosk.site"))
    k.tech("key", k.s("clear"))
    # A touch on the pinyin keyboard's own key goes the same way (app.technician-key).
    check(tap_reply(k, "c") == "OK key: kiosk.site=", k.reply())
    type_keys(k, list("hangchun") + ["pick:0"] + list("chaoyang") + ["pick:0"])
    k.shot("technician-keyboard-pinyin")
    check(k.tech("key", k.s("done")) == "OK key: kiosk.site=长春朝阳 (done)", k.reply())
    reply = tap_reply(k, "保存 kiosk.site")
    check(reply == "OK config-set: kiosk.site saved", reply)
    with open(k.config, encoding="utf-8") as f:
        check("site=长春朝阳" in f.read().replace(" ", ""), "the typed site was not written")
    # The site as the restart case expects it.
    k.tech("config-set", harness.variant("(sss)", ("kiosk", "site", "测试服务大厅二")))


def case_leave(k):
    """退出维护 returns to the attract page; the technician actions are refused again"""
    entered(k)
    k.tech("show", k.s("menu"))
    k.wait_page("technician-menu")
    reply = k.tech("leave")
    check(reply == "OK leave: left", reply)
    k.wait_page("attract")
    k.tech("show", k.s("menu"), ok=False)
    check(k.page() == "attract", k.page())


def case_restart_and_timeout(k):
    """restart: the program exits and comes back with the new site; idle technician mode times out"""
    k.enter()
    k.tech("restart")
    status = k.app.wait(timeout=30)
    with open(k.log_path, encoding="utf-8", errors="replace") as log:
        leaked = "LeakSanitizer" in log.read()
    # As the UI suite's clean exit: under ASan a leak report at exit (seen
    # only after a citizen's green channel, not after technician mode alone)
    # changes the status; the program still ended by itself.
    if leaked:
        print("# LeakSanitizer reported at the restart's exit (status %s)" % status, flush=True)
    else:
        check(status == 0, "the program exited with %s" % status)
    # The next start with a short idle timeout (the file as root would edit it).
    with open(k.config, encoding="utf-8") as f:
        text = f.read()
    with open(k.config, "w", encoding="utf-8") as f:
        f.write(text.replace("idle_timeout_s=%d" % IDLE_TIMEOUT_S, "idle_timeout_s=5"))
    k.start()
    k.wait_page("attract", 60)
    check("测试服务大厅二" in k.visible_text(), "the changed site is not shown after the restart")
    k.enter()
    k.wait_page("attract", 15)
    check(k.last_error().startswith("timeout: "), "no timeout error: " + k.last_error())
    check(k.reply().endswith("OK leave: timed out"), k.reply())
    k.shot("technician-timed-out")
    verdict = audit_actions(k)
    check(verdict, "audit")


def inner(args):
    os.environ.pop("G_DEBUG", None)
    number = args.first
    results = []

    def run(case, kiosk):
        nonlocal number
        title = (case.__doc__ or case.__name__).strip().splitlines()[0]
        started = time.monotonic()
        try:
            case(kiosk)
            print("ok %d - %s (%.1f s)" % (number, title, time.monotonic() - started),
                  flush=True)
            results.append(True)
        except Exception as error:
            import traceback
            print("not ok %d - %s" % (number, title), flush=True)
            for line in traceback.format_exc().splitlines():
                print("# " + line, flush=True)
            for line in kiosk.tail_log().splitlines():
                print("#   | " + line, flush=True)
            results.append(False)
        number += 1

    kiosk = None
    try:
        kiosk = TechKiosk(args)
        kiosk.start()
        cases = [case_gesture, case_lockout, case_enter, case_devices, case_selftests,
                 case_stock, case_config, case_export, case_lists, case_keyboard, case_leave,
                 case_restart_and_timeout, case_uncertain]
        # KIOSK_TECH_CASES=keyboard,leave: only those (while working on them).
        only = [name for name in os.environ.get("KIOSK_TECH_CASES", "").split(",") if name]
        for case in cases:
            if not only or case.__name__[len("case_"):] in only:
                run(case, kiosk)
    except Exception as error:
        print("not ok %d - the kiosk could not be started: %s" % (number, error))
        if kiosk is not None:
            for line in kiosk.tail_log().splitlines():
                print("#   | " + line)
        results.append(False)
    finally:
        if kiosk is not None:
            kiosk.cleanup()
    return 0 if all(results) else 1


def outer(args):
    """One virtual display (portrait) with its own session bus."""
    import shutil
    missing = [tool for tool in harness.TOOLS if shutil.which(tool) is None]
    if missing:
        print("1..0 # SKIP not installed: " + " ".join(missing) + " (./kiosk.sh deps)")
        return 77
    try:
        import gi  # noqa: F401
        import pyatspi  # noqa: F401
    except ImportError as error:
        print("1..0 # SKIP python3-gi / python3-pyatspi: %s" % error)
        return 77
    os.makedirs(args.shots, exist_ok=True)
    command = ["dbus-run-session", "--", "xvfb-run", "-a", "-s",
               "-screen 0 1080x1920x24 -nolisten tcp", sys.executable,
               os.path.abspath(__file__), "--inner", "portrait"]
    for name in ["sskiosk", "rig", "kioskctl", "idreader-sim", "vcard", "fixtures", "shots"]:
        command += ["--" + name, getattr(args, name.replace("-", "_"))]
    # A private runtime directory: the accessibility bus puts its socket
    # there (or in ~/.cache, shared with every other session of the user).
    env = dict(os.environ)
    runtime = tempfile.mkdtemp(prefix="kiosk-technician-runtime-")
    env["XDG_RUNTIME_DIR"] = runtime
    try:
        process = subprocess.run(command, stdout=subprocess.PIPE, text=True, env=env)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    number, failed = 1, False
    for line in process.stdout.splitlines():
        if not (line.startswith("ok ") or line.startswith("not ok ") or line.startswith("#")):
            line = "# " + line
        print(line, flush=True)
        if line.startswith("ok ") or line.startswith("not ok "):
            number += 1
        failed |= line.startswith("not ok ")
    if process.returncode not in (0, 1):
        print("not ok %d - the run ended with status %d" % (number, process.returncode))
        number += 1
        failed = True
    print("1..%d" % (number - 1))
    return 1 if failed else 0


def main():
    args = harness.parse_args()
    if args.inner is None:
        return outer(args)
    return inner(args)


if __name__ == "__main__":
    sys.exit(main())
