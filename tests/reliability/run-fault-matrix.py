#!/usr/bin/python3
"""run-fault-matrix.py — every device fault, in every flow that uses the device (issue 7, §2)

For each device (ID-card reader, chip reader, camera, card printer, receipt
printer, card transport) and the center, each fault its simulator injects,
during each flow that uses it, on the real sskiosk under Xvfb:

- the program shows a clear message: `last-error` (or the page's hint, an
  AT-SPI alert/status line) names the problem in Chinese;
- it reaches a safe page (the flow's end page, or the same page with a hint)
  and returns to the attract page (取消 / 完成);
- its data stay consistent: the blank-card stock equals the transport's
  physical state, a session whose outcome is unknown (a center timeout) is
  settled by the recovery at the next start, the center agrees with the
  kiosk's journal;
- it does not crash (alive throughout, exit status 0 on SIGTERM);
- it does not leak: a soak repeats a cycle of faults in one process and
  follows the open file descriptors (/proc/PID/fd) and VmRSS at the attract
  page after every cycle. (The sanitizer build — ./kiosk.sh test — also has
  LeakSanitizer check the program at each exit.)

Writes <out>/fault-matrix.md (the table of docs/reliability.md) and
<out>/fault-matrix.json. CI runs a representative subset (the production's devices
and the center during the green channel — 5 cells, a 3-cycle soak);
KIOSK_RELIABILITY_FULL=1 runs every cell and a 20-cycle soak.
"""

import argparse
import json
import os
import re
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_reliability as R  # noqa: E402

ui = R.ui
END_PAGES = {"attract", "failed", "refused", "done"}
CJK = re.compile("[\u4e00-\u9fff]")
# Words of a hint that names a problem (not a page's usual instruction).
TROUBLE = re.compile("不可用|失败|故障|工作人员|重新|错误|无法|未成功|用完|卡住|缺纸|打开|"
                     "碳带|没有|不能|异常|中断|请再")

PERSON = {
    "green_channel": ui.PERSON_GREEN,  # 张三
    "temporary_loss": ui.PERSON_ACTIVE,  # 卫五
    "formal_loss": ui.PERSON_LOSS_DAY1,  # 孙八
    "unblock": ui.PERSON_LOSS_DAY1,  # 孙八, the found card in the chip reader
    "progress": ui.PERSON_AT_WINDOW,  # 赵六
    "temporary_card": ui.PERSON_PRODUCTION,  # 王五
}
FLOW_NAMES = {"green_channel": "绿色通道", "temporary_loss": "临时挂失", "formal_loss": "正式挂失",
              "unblock": "解挂", "progress": "进度查询", "temporary_card": "临时卡"}
EFFECT_CALL = {"green_channel": "apply_green_channel", "temporary_loss": "temporary_loss",
               "formal_loss": "formal_loss", "unblock": "unblock", "progress": "get_progress",
               "temporary_card": "temporary_card"}
FLOWS = list(PERSON)

# Devices, their faults, how each is injected, and the flows that use it.
#   inject: ("sim", "DEVICE COMMAND") through app.simulate; ("camera-lost",)
#   deletes the camera's source file; ("printer", "card"|"receipt", control)
#   writes the ippeveprinter's control file; ("hopper-empty",) restarts the
#   program with an empty hopper; ("center", call-or-EFFECT, failure).
DEVICES = [
    ("ID-card reader", [
        ("unplug", ("sim", "idreader UNPLUG"), ("sim", "idreader PLUG")),
        ("garbage", ("sim", "idreader GARBAGE 64"), None),
        ("bad checksum", ("sim", "idreader CORRUPT-CHECKSUM 3"), None),
        ("SAM error", ("sim", "idreader FAIL 41 3"), None),
    ], FLOWS),
    ("chip reader", [
        ("card pulled", ("sim", "chip REMOVE-MID"), None),
        ("mute card", ("sim", "chip MUTE"), ("sim", "chip UNMUTE")),
        ("error status", ("sim", "chip SW 6A82 2"), None),
    ], ["green_channel", "unblock"]),
    ("camera", [
        ("camera lost", ("camera-lost",), ("camera-back",)),
    ], ["green_channel", "formal_loss", "unblock", "temporary_card"]),
    ("card printer", [
        ("ribbon out", ("printer", "card", "STATE: +marker-supply-empty\n"
                        "ATTR: marker-names=Ribbon marker-levels=0 marker-low-levels=10\n"
                        "ERROR: ribbon out\nEXIT 1\n"), None),
        ("jam", ("printer", "card", "STATE: +media-jam\nERROR: card jammed\nEXIT 1\n"), None),
        ("cover open", ("printer", "card", "STATE: +cover-open\nERROR: cover open\nEXIT 1\n"),
         None),
        ("job error", ("printer", "card", "ERROR: print head fault\nEXIT 1\n"), None),
    ], ["green_channel", "temporary_card"]),
    ("receipt printer", [
        ("paper out", ("printer", "receipt", "STATE: +media-empty\nERROR: out of paper\n"
                       "EXIT 1\n"), None),
        ("cover open", ("printer", "receipt", "STATE: +cover-open\nERROR: cover open\n"
                        "EXIT 1\n"), None),
        ("jam", ("printer", "receipt", "STATE: +media-jam\nERROR: paper jammed\nEXIT 1\n"),
         None),
    ], FLOWS),
    ("card transport", [
        ("hopper empty", ("hopper-empty",), None),
        ("jam", ("sim", "cardfeed jam feed"), ("sim", "cardfeed clear-jam")),
        ("misfeed", ("sim", "cardfeed misfeed feed"), None),
        ("jam at eject", ("sim", "cardfeed jam eject"), ("sim", "cardfeed clear-jam")),
        ("no answer", ("sim", "cardfeed no-answer move-printer"), None),
    ], ["green_channel", "temporary_card"]),
    ("kiosk program", [
        ("SIGTERM (systemd stop) during production", ("sigterm",), None),
    ], ["green_channel"]),
    ("center", [
        ("timeout", ("center", "EFFECT", "timeout"), ("sim", "center CLEAR")),
        ("error", ("center", "EFFECT", "error"), ("sim", "center CLEAR")),
        ("lost reply", ("center", "EFFECT", "lost-reply"), ("sim", "center CLEAR")),
        ("bad reply", ("center", "EFFECT", "bad-reply"), ("sim", "center CLEAR")),
        ("lookup timeout", ("center", "lookup_person", "timeout"), ("sim", "center CLEAR")),
    ], FLOWS),
]

# The CI subset (5 cells; the suite must stay within about 5 minutes under
# ASan on 2 cores): the devices of a card's production and the center, each
# failing during the green channel. The soak that follows injects the
# others (the receipt printer, the camera, a mute chip card, the ID reader's
# garbage, the center's lookup) in the same run.
CI_SUBSET = {
    ("ID-card reader", "unplug", "green_channel"),
    ("chip reader", "card pulled", "green_channel"),
    ("card printer", "ribbon out", "green_channel"),
    ("card transport", "hopper empty", "green_channel"),
    ("center", "timeout", "green_channel"),
}


def in_subset(device, fault, flow, flows):
    return (device, fault, flow) in CI_SUBSET


def parse_args():
    parser = argparse.ArgumentParser()
    R.add_arguments(parser)
    return parser.parse_args()



class Cell:
    def __init__(self, device, fault, flow, inject, clear):
        self.device = device
        self.fault = fault
        self.flow = flow
        self.inject = inject
        self.clear = clear
        self.messages = []
        self.pages = []
        self.problems = []
        self.figures = {}
        self.hints_seen = []
        self.todo = []

    def problem(self, text):
        self.problems.append(text)


write_control = ui.write_control


def apply(k, cell, spec):
    if spec is None:
        return
    kind = spec[0]
    if kind == "sim":
        reply = k.simulate(spec[1])
        cell.figures.setdefault("injected", reply[:60])
    elif kind == "center":
        call = EFFECT_CALL[cell.flow] if spec[1] == "EFFECT" else spec[1]
        k.simulate("center FAIL %s %s 1" % (call, spec[2]))
    elif kind == "camera-lost":
        os.rename(k.camera_file, k.camera_file + ".away")
    elif kind == "camera-back":
        if os.path.exists(k.camera_file + ".away"):
            os.rename(k.camera_file + ".away", k.camera_file)
    elif kind == "printer":
        write_control(k, spec[1], spec[2])
    elif kind in ("hopper-empty", "sigterm"):
        pass  # see run_cell


def observe(k, cell):
    """Remembers the page and any error or hint shown."""
    page = k.page()
    if page and (not cell.pages or cell.pages[-1] != page):
        cell.pages.append(page)
    error = k.last_error()
    if error and error not in cell.messages:
        cell.messages.append(error)
    return page


def hints(k):
    """The alert and status lines of the page shown (the flow's hint)."""
    found = []
    for name, description, node in k.accessibles(showing_only=True):
        try:
            role = node.getRoleName()
        except Exception:  # noqa: BLE001
            continue
        if role in ("alert", "status bar", "notification", "status") and CJK.search(name or ""):
            found.append(name)
    return found


def wait_step(k, cell, expected, timeout):
    """Waits for `expected` (a page or a set); returns the page reached, or
    None when the flow stopped elsewhere (an end page, or the same page for
    3 s with an error or a hint)."""
    expected = {expected} if isinstance(expected, str) else set(expected)
    end = time.monotonic() + timeout
    since, last, sampled = time.monotonic(), None, 0.0
    while time.monotonic() < end:
        if k.app.poll() is not None:
            raise R.TestFailure("sskiosk died (%d)" % k.app.returncode)
        page = observe(k, cell)
        if page in expected:
            time.sleep(0.1)
            return page
        if page != last:
            since, last = time.monotonic(), page
        if page in END_PAGES:
            return None
        if time.monotonic() - sampled > 1.0:
            # The page's alert and status lines: a hint naming trouble.
            sampled = time.monotonic()
            for text in hints(k):
                if TROUBLE.search(text) and text not in cell.hints_seen:
                    cell.hints_seen.append(text)
        if (time.monotonic() - since > 3 and (cell.messages or cell.hints_seen)
                and page not in ("working", "production")):
            return None  # stuck on this page with an error or a hint
        time.sleep(0.05)
    return None


def drive(k, cell, found_card):
    """The flow, step by step; stops where the fault stops it."""
    flow = cell.flow
    person = PERSON[flow]
    first = "id-number" if flow == "progress" else "id-card"
    k.home()
    k.remove_id()
    k.act("start-service", k.s(flow))
    end = time.monotonic() + 10
    while k.page() == "attract" and time.monotonic() < end:
        time.sleep(0.05)  # the flow's first page comes a moment later
    if wait_step(k, cell, first, 20) is None:
        return
    R.act_quietly(k, "simulate", k.s("idreader PLACE " + person))
    steps = {
        "green_channel": [("camera", "capture"), ("form-phone", "phone"), ("form-bank", "bank"),
                          ("form-postal", "postal"), ("form-details", "next"),
                          ("review", "next"), ("signature", "sign"), ("take-card", "take"),
                          ("done", "next")],
        "temporary_loss": [("choose-card", "card0"), ("confirm", "next"), ("done", "next")],
        "formal_loss": [("camera", "capture"), ("choose-functions", "both"),
                        ("confirm", "next"), ("done", "next")],
        "unblock": [("camera", "capture"), ("insert-card", "insert"), ("confirm", "next"),
                    ("take-card", "chip-remove"), ("done", "next")],
        "progress": [("result", "next"), ("done", "next")],
        "temporary_card": [({"camera", "confirm"}, "camera-or-confirm"),
                           ("take-card", "take"), ("done", "next")],
    }[flow]
    for page, action in steps:
        reached = wait_step(k, cell, page, 90 if page in ("take-card", "done") else 40)
        if reached is None:
            return
        if action == "capture":
            # Once: a tap while the camera is starting waits for its first frame.
            k.act("capture")
        elif action == "phone":
            k.act("set-phone", k.s("13912345678"))
            k.act("next")
        elif action == "bank":
            k.act("choose-bank", k.s("icbc"))
            k.act("next")
        elif action == "postal":
            k.act("set-postal-code", k.s("130000"))
            k.act("next")
        elif action == "sign":
            k.act("add-stroke", R.variant("a(dd)", [(0.1, 0.5), (0.4, 0.3), (0.8, 0.6)]))
            k.act("next")
        elif action == "take":
            R.act_quietly(k, "simulate", k.s("cardfeed take"))
        elif action == "card0":
            k.act("choose-card", R.variant("u", 0))
        elif action == "both":
            k.act("choose-functions", k.s("both"))
        elif action == "insert":
            k.simulate("chip LOAD " + found_card)
            k.simulate("chip INSERT")
        elif action == "chip-remove":
            R.act_quietly(k, "simulate", k.s("chip REMOVE"))
        elif action == "camera-or-confirm":
            if reached == "camera":
                k.act("capture")
                if wait_step(k, cell, "confirm", 40) is None:
                    return
            k.act("next")
        elif action == "next":
            R.act_quietly(k, "next")
    wait_step(k, cell, "attract", 20)


def back_home(k, cell):
    """From wherever the fault left the flow back to the attract page."""
    end = time.monotonic() + 60
    while time.monotonic() < end:
        page = observe(k, cell)
        if page == "attract":
            return True
        if page in ("done", "failed", "refused"):
            R.act_quietly(k, "next")
        elif page == "take-card":
            R.act_quietly(k, "simulate", k.s("cardfeed take"))
            R.act_quietly(k, "simulate", k.s("chip REMOVE"))
        elif page not in ("production", "working"):
            R.act_quietly(k, "cancel")
        time.sleep(0.4)
    return False


def accounting(k):
    counts = k.stock_counts()
    t = k.transport()
    fed, hopper = int(t.get("fed", 0)), int(t.get("hopper", 0))
    issued, spoiled = counts.get("issued", 0), counts.get("spoiled", 0)
    uncertain, in_stock = counts.get("uncertain", 0), counts.get("in_stock", 0)
    inside = 1 if t.get("position", "none") not in ("none", "exit") else 0
    return {"unaccounted": max(0, fed - issued - spoiled - uncertain) + inside
            + (0 if in_stock == hopper else abs(in_stock - hopper)),
            "detail": "stock %s, transport %s" % (counts, t)}


def center_agrees(k, cell):
    """Every green-channel session's application at the center matches the
    kiosk's outcome; nobody got two cards."""
    problems = []
    with k.store() as db:
        sessions = db.execute("SELECT uuid, outcome FROM sessions WHERE service ="
                              " 'green-channel' AND finished IS NOT NULL").fetchall()
    with k.center() as db:
        for uuid, outcome in sessions:
            rows = db.execute("SELECT call, count(*) FROM idempotency WHERE key LIKE ?"
                              " AND call IN ('apply_green_channel', 'report_result',"
                              " 'cancel_application') GROUP BY call",
                              (uuid + ":%",)).fetchall()
            if any(n > 1 for _, n in rows):
                problems.append("session %s: center effects %s" % (uuid[:8], rows))
        holders = db.execute("SELECT holder, count(*) FROM card WHERE kind = 'formal' AND stage"
                             " IN ('collected', 'financial_active', 'social_active') AND number"
                             " LIKE 'S%' GROUP BY holder HAVING count(*) > 1").fetchall()
        if holders:
            problems.append("a person holds two new cards")
    return problems


def run_cell(k, cell, found_card):
    reset_center(k)
    if cell.inject[0] == "hopper-empty":
        empty_hopper(k)
    before = accounting(k)
    k.start()
    pages, open_at_attract = watch_start(k)
    if open_at_attract:
        cell.problem("%d session(s) open at the attract page after the start" % open_at_attract)
    fds_before = R.fd_count(k.app.pid)
    log_start = k.log_size()
    if cell.inject[0] == "sigterm":
        sigterm_during_production(k, cell)
        check_after_restart(k, cell, before, log_start)
        return
    apply(k, cell, cell.inject)
    try:
        drive(k, cell, found_card)
    finally:
        apply(k, cell, cell.clear)
    cell.figures["hint"] = " / ".join(cell.hints_seen)[:100]
    if not back_home(k, cell):
        cell.problem("did not return to the attract page (at %s)" % k.page())
    if k.app.poll() is not None:
        cell.problem("the program died (%s)" % k.app.returncode)
        cell.figures["crash"] = 1
        return
    cell.figures["fds"] = "%d→%d" % (fds_before, R.fd_count(k.app.pid))
    # A clear message: a code and Chinese words, or the page's hint — unless
    # the fault never reached the citizen (the driver retried, the flow
    # finished as usual: "absorbed").
    message = next((m for m in cell.messages if CJK.search(m)
                    and not m.startswith("timeout: ")), "")
    message = message or cell.figures["hint"] or next(
        (m for m in cell.messages if CJK.search(m)), "")
    cell.figures["message"] = message
    absorbed = "done" in cell.pages and not message
    cell.figures["outcome"] = "absorbed" if absorbed else "stopped"
    if absorbed and cell.device == "receipt printer":
        cell.figures["message"] = "(none: the done page still shows the receipt slot)"
        cell.todo.append("the receipt was not printed and the done page does not say so")
    elif absorbed:
        cell.figures["message"] = "(none needed: the flow finished as usual)"
    elif not CJK.search(cell.figures["message"] or ""):
        # Safe, consistent, but silent: a finding for the flow's owner.
        cell.figures["message"] = "(none)"
        cell.todo.append("no message for the citizen while the fault lasted (pages %s)"
                         % " → ".join(cell.pages))
    if not set(cell.pages) & (END_PAGES | {"id-card", "id-number", "camera", "insert-card"}):
        cell.problem("no safe page reached: %s" % cell.pages)
    # Consistent data: now, and after the recovery of an unknown outcome.
    check_after_restart(k, cell, before, log_start)


def check_after_restart(k, cell, before, log_start):
    open_now = k.open_sessions()
    cell.figures["left_open"] = open_now
    status = k.stop()
    if status != 0:
        cell.problem("exit status %s on SIGTERM" % status)
        cell.figures["crash"] = 1
    if open_now:
        k.start()
        _, open_after = watch_start(k)
        if open_after:
            cell.problem("%d session(s) still open after the recovery" % open_after)
        k.stop()
    if cell.inject[0] == "hopper-empty":
        refill_hopper(k)
    position = k.transport().get("position", "none")
    if position not in ("none", "exit"):
        # A card the transport could not move (a jam) stays inside, spoiled in
        # the stock: the technician opens the transport and puts it in the
        # reject bin.
        cell.figures["left_inside"] = position
        t = k.transport()
        set_transport(k, position="none", jammed="false", rejected=int(t.get("rejected", 0)) + 1)
    if cell.inject[0] == "printer":
        # ippeveprinter keeps a fault's state reasons: fresh printers.
        write_control(k, cell.inject[1], None)
        k.restart_printers()
    after = accounting(k)
    cell.figures["unaccounted"] = max(0, after["unaccounted"] - before["unaccounted"])
    if cell.figures["unaccounted"]:
        cell.problem("stock: " + after["detail"])
    for text in center_agrees(k, cell):
        cell.problem("center: " + text)
    criticals = k.log_problems(log_start)
    cell.figures["criticals"] = len(criticals)
    if criticals:
        cell.todo.append("the program logged: " + criticals[0][-160:])


def sigterm_during_production(k, cell):
    """systemd stops the kiosk while a card is being made: a clean exit,
    the card left for the recovery at the next start."""
    R.drive_green_channel(k, PERSON["green_channel"])
    wait_step(k, cell, "production", 40)
    time.sleep(1.0)
    cell.figures["journal_at_stop"] = last_journal_entry(k)
    cell.messages.append("（停机）")
    cell.figures["message"] = "(none: stopped by systemd)"
    cell.figures["outcome"] = "stopped"
    cell.pages.append("(SIGTERM)")


def last_journal_entry(k):
    with k.store() as db:
        row = db.execute("SELECT step || ':' || phase FROM steps ORDER BY id DESC LIMIT 1"
                         ).fetchone()
    return row[0] if row else "-"


def watch_start(k):
    pages = []
    end = time.monotonic() + 60
    while time.monotonic() < end:
        page = k.page()
        if page and (not pages or pages[-1] != page):
            pages.append(page)
        if page == "attract":
            return pages, k.open_sessions()
        if k.app.poll() is not None:
            raise R.TestFailure("sskiosk exited during the start:\n" + k.tail_log())
        time.sleep(0.05)
    raise R.TestFailure("no attract page after the start: %s" % pages)


def reset_center(k):
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(k.center_db + suffix):
            os.unlink(k.center_db + suffix)


def set_transport(k, **values):
    import configparser
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(k.cardfeed_state, encoding="utf-8")
    section = parser.sections()[0]
    for key, value in values.items():
        parser[section][key] = str(value)
    with open(k.cardfeed_state + ".tmp", "w", encoding="utf-8") as out:
        parser.write(out, space_around_delimiters=False)
    os.rename(k.cardfeed_state + ".tmp", k.cardfeed_state)


def empty_hopper(k):
    """The hopper runs out behind the store's back (nobody loaded it): the
    state file says 0 while the store still counts its cards in stock."""
    k.saved_hopper = k.transport().get("hopper")
    set_transport(k, hopper=0)


def refill_hopper(k):
    set_transport(k, hopper=k.saved_hopper)


def soak(k, found_card, cycles, tap, full):
    """One process, many faults: file descriptors and memory after each cycle.
    CI's cycle has three faults that reconnect something (the ID reader's
    port, the camera's pipeline, the receipt printer's IPP connection); the
    full one adds a mute chip card in the unblock flow (three reads of
    device_timeout_s each: a minute a cycle), the center's lookup timeout and
    the reader's garbage."""
    reset_center(k)
    k.start(leak_check=True)
    watch_start(k)
    pid = k.app.pid
    samples = []
    cycle_cells = [
        Cell("ID-card reader", "unplug", "temporary_loss", ("sim", "idreader UNPLUG"),
             ("sim", "idreader PLUG")),
        Cell("center", "timeout", "progress", ("center", "lookup_person", "timeout"),
             ("sim", "center CLEAR")),
        Cell("receipt printer", "job error", "progress",
             ("printer", "receipt", "ERROR: paper jammed\nEXIT 1\n"), None),
        Cell("camera", "camera lost", "formal_loss", ("camera-lost",), ("camera-back",)),
        Cell("chip reader", "mute card", "unblock", ("sim", "chip MUTE"), ("sim", "chip UNMUTE")),
        Cell("ID-card reader", "garbage", "progress", ("sim", "idreader GARBAGE 64"), None),
    ]
    if not full:
        cycle_cells = [cell for cell in cycle_cells
                       if (cell.device, cell.fault) not in (("center", "timeout"),
                                                            ("ID-card reader", "garbage"),
                                                            ("chip reader", "mute card"))]
    for cycle in range(cycles):
        cycle_started = time.monotonic()
        for template in cycle_cells:
            cell = Cell(template.device, template.fault, template.flow, template.inject,
                        template.clear)
            apply(k, cell, cell.inject)
            try:
                drive(k, cell, found_card)
            finally:
                apply(k, cell, cell.clear)
                if cell.inject[0] == "printer":
                    write_control(k, cell.inject[1], None)
            back_home(k, cell)
            if k.app.poll() is not None:
                raise R.TestFailure("the program died in the soak (%s)" % k.app.returncode)
        time.sleep(1.0)
        samples.append((R.fd_count(pid), R.rss_kb(pid)))
        tap.note("soak cycle %d: %d fds, VmRSS %d kB (%.1f s)" % (
            cycle + 1, *samples[-1], time.monotonic() - cycle_started))
    status = k.stop()
    if k.sanitized():
        with open(k.log_path, encoding="utf-8", errors="replace") as log:
            tail = log.read()[-20000:]
        tap.note("LeakSanitizer at the soak's exit: %s" % (
            "leaks: " + tail[tail.rfind("SUMMARY: AddressSanitizer"):].splitlines()[0]
            if "ERROR: LeakSanitizer" in tail else "no leak"))
    return samples, status


def main():
    args = parse_args()
    if not args.inner:
        missing = R.missing_tools()
        if missing:
            print("1..0 # SKIP not installed: " + " ".join(missing) + " (./kiosk.sh deps)")
            return 77
        os.makedirs(args.out, exist_ok=True)
        return R.reexec_under_xvfb(args)

    full = os.environ.get("KIOSK_RELIABILITY_FULL") == "1"
    only = os.environ.get("KIOSK_RELIABILITY_ONLY", "")
    tap = R.Tap()
    cells = []
    for device, faults, flows in DEVICES:
        for fault, inject, clear in faults:
            for flow in flows:
                name = "%s/%s/%s" % (device, fault, flow)
                if only and not any(word in name for word in only.split(",")):
                    continue
                if full or only or in_subset(device, fault, flow, flows):
                    cells.append(Cell(device, fault, flow, inject, clear))
    started = time.monotonic()
    k = R.Kiosk(args, "fault-matrix", hopper=60, stock=60)
    found_card = os.path.join(k.dir, "found-card.ini")
    ui.write_found_card(k, found_card)
    soak_samples, soak_status = [], None
    try:
        for cell in cells:
            title = "%s: %s during %s" % (cell.device, cell.fault, cell.flow)
            cell_started = time.monotonic()
            try:
                run_cell(k, cell, found_card)
            except Exception as error:  # noqa: BLE001 — reported, then the next cell
                cell.problem("%s: %s" % (type(error).__name__, error))
                if not isinstance(error, R.TestFailure):
                    cell.problem(traceback.format_exc())
                if k.app is not None and k.app.poll() is not None and k.app.returncode != -9:
                    cell.figures["crash"] = 1
                cell.problem(k.tail_log(8))
                k.kill()
                apply(k, cell, cell.clear) if cell.clear and cell.clear[0] == "camera-back" else None
            cell.figures["seconds"] = round(time.monotonic() - cell_started, 1)
            detail = "pages %s; message: %s; %s" % (
                "→".join(cell.pages), cell.figures.get("message", ""),
                " ".join("%s=%s" % (key, value) for key, value in sorted(cell.figures.items())
                         if key not in ("message", "hint")))
            if not cell.problems and cell.todo:
                tap.result(False, title + " # TODO " + "; ".join(cell.todo), detail, todo=True)
            else:
                tap.result(not cell.problems, title, detail + "\n" + "\n".join(
                    cell.problems + cell.todo))
        cycles = int(os.environ.get("KIOSK_RELIABILITY_SOAK", "20" if full else "3"))
        if cycles:
            try:
                soak_samples, soak_status = soak(k, found_card, cycles, tap, full)
            except Exception as error:  # noqa: BLE001
                tap.result(False, "soak", "%s: %s\n%s" % (type(error).__name__, error,
                                                          k.tail_log(10)))
    finally:
        k.close()

    # The figures and the table.
    crashes = sum(cell.figures.get("crash", 0) for cell in cells)
    unaccounted = sum(cell.figures.get("unaccounted", 0) for cell in cells)
    failed = [cell for cell in cells if cell.problems]
    fd_growth = rss_growth = None
    if len(soak_samples) >= 3:
        # The first cycle warms caches up (fonts, GStreamer, pages): the trend
        # is taken from the second sample on.
        fd_growth = soak_samples[-1][0] - soak_samples[0][0]
        rss_growth = (soak_samples[-1][1] - soak_samples[1][1]) / (len(soak_samples) - 2)
    figures = {"cells": len(cells), "failed_cells": len(failed), "crashes": crashes,
               "cards_unaccounted": unaccounted, "full": full,
               "soak_cycles": len(soak_samples), "soak_fds": [s[0] for s in soak_samples],
               "soak_rss_kb": [s[1] for s in soak_samples], "soak_fd_growth": fd_growth,
               "soak_rss_growth_kb_per_cycle": rss_growth, "soak_exit_status": soak_status,
               "seconds": round(time.monotonic() - started)}
    R.json_dump(os.path.join(args.out, "fault-matrix.json"),
                {"figures": figures,
                 "cells": [dict(c.figures, device=c.device, fault=c.fault, flow=c.flow,
                                pages=c.pages, messages=c.messages, problems=c.problems)
                           for c in cells]})
    lines = ["| device | fault | flow | pages | message shown | data | fds | result |",
             "|---|---|---|---|---|---|---|---|"]
    for c in cells:
        message = (c.figures.get("message") or "").replace("|", "/")
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
            c.device, c.fault, FLOW_NAMES[c.flow], " → ".join(c.pages[-4:]),
            message[:70], "consistent" if not c.figures.get("unaccounted") else "✗ stock",
            c.figures.get("fds", "-"),
            "✗" if c.problems else ("✓ (TODO: %s)" % "; ".join(
                t.split(" (pages")[0] for t in c.todo)[:80] if c.todo else "✓")))
    lines.append("")
    lines.append("**%d cells%s: %d failed, %d crashes, %d cards unaccounted.** Soak: %d cycles"
                 " of 6 faults in one process, file descriptors %s, VmRSS %s kB per cycle,"
                 " exit status %s%s (%d s)." % (
                     len(cells), " (the full matrix)" if full else " (the CI subset;"
                     " KIOSK_RELIABILITY_FULL=1 runs all)", len(failed), crashes, unaccounted,
                     len(soak_samples), "→".join(str(s[0]) for s in soak_samples),
                     "%+.0f" % rss_growth if rss_growth is not None else "-", soak_status,
                     " with LeakSanitizer (ASan build)" if k.sanitized() else "",
                     figures["seconds"]))
    with open(os.path.join(args.out, "fault-matrix.md"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    tap.note("FIGURES fault matrix: %s" % json.dumps(figures, sort_keys=True))
    # Under ASan the allocator's quarantine grows the RSS: LeakSanitizer at
    # the soak's exit (the exit status) is the memory check there.
    leak_ok = fd_growth is not None and fd_growth <= 0 and soak_status == 0 and (
        k.sanitized() or (rss_growth is not None and rss_growth < 1024))
    tap.result(leak_ok, "soak: %s fds growth, %s kB VmRSS per cycle, exit %s" % (
        fd_growth, "%.0f" % rss_growth if rss_growth is not None else "-", soak_status))
    tap.result(crashes == 0 and unaccounted == 0,
               "figures: %d cells, %d crashes, %d cards unaccounted" % (len(cells), crashes,
                                                                      unaccounted))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
