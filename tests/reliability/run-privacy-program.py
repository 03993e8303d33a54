#!/usr/bin/python3
"""run-privacy-program.py — personal data in the real program (issue 7, §4)

On the real sskiosk under Xvfb, after a green-channel issuance, a cancelled
form and a progress query:

- nothing personal is left on any page (every accessible of every page,
  shown or not: the pages wipe what they showed when a session ends; the
  flows' buffers themselves are zeroed with explicit_bzero, which
  tests/flows/test-flow-units proves through the wipe hook);
- nothing personal is in the program's log, with debug messages on;
- the state directory is the program's alone: directories 0700, the
  databases (and their -wal/-shm) and the photos 0600, and the files the
  program holds open are inside it, the data directory or the system;
- the retention purge runs in the program: a session that finished longer
  ago than [store] retention_days has its personal fields cleared after a
  start (kiosk_store_retention_start(), then daily), a younger one keeps them.

Everything the run produced is kept in $KIOSK_PRIVACY_SCAN_DIR for the final
scan (check-privacy.py).
"""

import argparse
import json
import os
import stat
import sys
import time
import uuid as uuidlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kiosk_reliability as R  # noqa: E402

ui = R.ui
PHONE = "13912345678"


def parse_args():
    parser = argparse.ArgumentParser()
    R.add_arguments(parser)
    return parser.parse_args()


def personal_on_pages(k, values):
    found = []
    for text in k.texts(showing_only=False):
        for value in values:
            if value in text:
                found.append("%s in “%s”" % (value, text[:60]))
    return found


def modes(state_dir):
    problems = []
    checked = 0
    for root, dirs, files in os.walk(state_dir):
        for name in dirs:
            path = os.path.join(root, name)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            checked += 1
            if mode & 0o077:
                problems.append("%s is %o (0700 expected)" % (os.path.relpath(path, state_dir),
                                                            mode))
        for name in files:
            path = os.path.join(root, name)
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            checked += 1
            if mode & 0o077:
                problems.append("%s is %o (0600 expected)" % (os.path.relpath(path, state_dir),
                                                            mode))
    mode = stat.S_IMODE(os.stat(state_dir).st_mode)
    if mode & 0o077:
        problems.append("the state directory is %o (0700 expected)" % mode)
    return checked, problems


def open_files(pid, allowed):
    outside = []
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return outside
    for fd in fds:
        try:
            target = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if not target.startswith("/") or target.startswith(("/dev/", "/proc/", "/sys/")):
            continue
        if target.endswith(" (deleted)"):
            target = target[:-10]
        if not os.path.isfile(target):
            continue
        if not any(target.startswith(prefix) for prefix in allowed):
            outside.append(target)
    return sorted(set(outside))


def main():
    args = parse_args()
    if not args.inner:
        missing = R.missing_tools()
        if missing:
            print("1..0 # SKIP not installed: " + " ".join(missing) + " (./kiosk.sh deps)")
            return 77
        os.makedirs(args.out, exist_ok=True)
        return R.reexec_under_xvfb(args)

    tap = R.Tap()
    figures = {}
    k = R.Kiosk(args, "privacy")
    try:
        k.start()
        k.wait_page("attract", 60)
        # A whole issuance, a form cancelled half-way, a progress query.
        R.drive_green_channel(k, ui.PERSON_GREEN, phone=PHONE)
        k.wait_page("take-card", 120)
        k.simulate("cardfeed take")
        k.wait_page("done", 60)
        k.act("next")
        k.wait_page("attract")
        R.drive_green_channel(k, ui.PERSON_HK, until="camera")
        R.capture(k)
        k.act("set-phone", k.s("13800001111"))
        k.act("cancel")
        k.wait_page("attract")
        k.start_service("progress", first_page="id-number")
        k.act("submit-id-number", k.s(ui.PERSON_AT_WINDOW))
        k.wait_page("result", 30)
        k.act("next")
        k.wait_page("done", 30)
        k.act("next")
        k.wait_page("attract")
        time.sleep(0.5)

        values = [ui.PERSON_GREEN, "张三", PHONE, "139 1234 5678", ui.PERSON_HK, "陈大文",
                  "13800001111", "138 0000 1111", ui.PERSON_AT_WINDOW, "赵六"]
        found = personal_on_pages(k, values)
        tap.result(not found, "after the sessions no page holds a name, ID number or phone"
                   " (every accessible of every page)", "\n".join(found[:10]))
        figures["personal_on_pages"] = len(found)

        allowed = [k.state_dir, k.dir, os.environ.get("KIOSK_DATA_DIR", "/nonexistent"),
                   "/usr/", "/etc/", "/var/cache/fontconfig",
                   os.path.join(os.environ.get("XDG_CACHE_HOME")
                                or os.path.expanduser("~/.cache"), "fontconfig")]
        outside = open_files(k.app.pid, allowed)
        tap.result(not outside, "the program holds no file open outside its state directory,"
                   " its data and the system", "\n".join(outside))
        figures["open_files_outside"] = len(outside)

        checked, problems = modes(k.state_dir)
        photos = os.path.join(k.state_dir, "photos")
        n_photos = len(os.listdir(photos)) if os.path.isdir(photos) else 0
        tap.result(not problems and checked > 3,
                   "the state directory %s: %d files and directories, databases and %d photo(s)"
                   " — directories 0700, files 0600" % (os.path.basename(k.state_dir), checked,
                                                        n_photos), "\n".join(problems))
        figures["files_checked"] = checked
        figures["mode_problems"] = len(problems)
        figures["photos"] = n_photos

        # The retention purge: a session that finished 40 days ago is purged at
        # the next start (after the recovery), one that finished 20 days ago is kept.
        status = k.stop()
        with open(k.config, encoding="utf-8") as text:
            config = text.read()
        with open(k.config, "w", encoding="utf-8") as text:
            text.write(config.replace("[store]\n", "[store]\nretention_days=30\n", 1))
        import sqlite3
        db = sqlite3.connect(k.store_db)
        now = int(time.time())
        sessions = {}
        for days in (40, 20):
            sessions[days] = str(uuidlib.uuid4())
            db.execute("INSERT INTO sessions (uuid, service, kiosk_id, started, finished,"
                       " outcome, subject_masked, id_number, name, phone) VALUES (?, 'progress',"
                       " 'JL-REL-TEST-01', ?, ?, 'done', '2201**********0019 张*', ?, '张三', ?)",
                       (sessions[days], now - days * 86400, now - days * 86400 + 60,
                        ui.PERSON_GREEN, PHONE))
        db.commit()
        db.close()
        k.start()
        k.wait_page("attract", 60)
        rows = {}
        end = time.monotonic() + 10
        while time.monotonic() < end:
            with k.store() as db:
                for days, uuid in sessions.items():
                    rows[days] = db.execute(
                        "SELECT purged IS NOT NULL, id_number IS NULL, name IS NULL,"
                        " phone IS NULL FROM sessions WHERE uuid = ?", (uuid,)).fetchone()
                audit = db.execute("SELECT count(*) FROM audit WHERE action = 'retention.purge'"
                                   ).fetchone()[0]
            if all(rows[40]):
                break
            time.sleep(0.2)
        purged = all(rows[40])
        kept = not any(rows[20])
        figures["retention_purge_in_program"] = purged
        figures["retention_kept_recent"] = kept
        tap.result(purged and kept and audit >= 1,
                   "the program purges at start: a session finished 40 days ago has no ID"
                   " number, name or phone left, one finished 20 days ago keeps them"
                   " ([store] retention_days=30; audit entries retention.purge: %d)" % audit,
                   "40 days: purged, id, name, phone cleared = %s\n20 days: %s"
                   % (rows.get(40), rows.get(20)))
        status = k.stop()
        figures["exit_status"] = status
        tap.result(status == 0, "the program ends cleanly on SIGTERM (status %s)" % status)

        with open(k.log_path, encoding="utf-8", errors="replace") as log:
            text = log.read()
        leaks = [value for value in values if value in text]
        tap.result(not leaks, "the program's log (debug messages on, %d lines) holds no name,"
                   " ID number or phone" % text.count("\n"), " ".join(leaks))
        figures["log_leaks"] = len(leaks)
    finally:
        k.close()
    R.json_dump(os.path.join(args.out, "privacy-program.json"), figures)
    tap.note("FIGURES privacy program: %s" % json.dumps(figures, sort_keys=True))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
