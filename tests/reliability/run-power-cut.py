#!/usr/bin/python3
"""run-power-cut.py — SIGKILL of the real program at every step of an issuance (issue 7, §1)

A green-channel issuance runs on the real sskiosk with every device simulated;
the program kills itself with SIGKILL at an exact journal entry
(KIOSK_TEST_KILL_AT=STEP:PHASE[:DELAY_MS], kiosk/store/kiosk-store-journal.c)
— at every step boundary, inside the long steps (during the chip write,
during printing) and during the recovery itself. Then the program is started
again on the same state directory, and the test checks:

- recovery ran at start, before the attract page (no session is open when
  the attract page first shows) and settled the killed session with the
  verdict its journal calls for;
- every blank card that left the hopper is issued, spoiled (and in the reject
  bin) or uncertain — never missing; the store's stock equals the transport's
  state file (hopper = in stock, rejected = spoiled, taken or in the slot =
  issued), and nothing is left "in the machine";
- the center (its simulator's own SQLite file) was told each fact exactly
  once: one application per person, one report per session (idempotency
  keys), its status agrees with the kiosk's verdict, no person holds two
  cards, the card printer printed at most one face per session;
- the citizen sees the outcome through the progress query (the real flow,
  typed ID number).

Figures go to <out>/power-cut.json and the table to <out>/power-cut.md
(tests/reliability/update-doc.py copies it into docs/reliability.md).
KIOSK_RELIABILITY_FULL=1 runs all 24 kill points three times; the default,
for CI (the suite must stay within about 5 minutes under ASan on 2 cores),
runs 5 of them once: before the application is sent, after the chip write,
during printing, after printing before verification (and a second power cut
during the recovery's report), with the card in the exit slot.
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

PEOPLE = [R.ui.PERSON_GREEN, R.ui.PERSON_HK]  # 张三, 陈大文: both may use the green channel

# (kill point, where, expected verdict, kill during the recovery that
# follows or None, in the CI subset)
#   verdicts: KioskRecovery's (docs/flows.md)
KILL_POINTS = [
    ("signature:outcome", "before the application (step 2 done)", "closed", None, False),
    ("apply:intent", "application intended, not sent", "application-cancelled", None, True),
    ("apply:outcome", "application answered, no card yet", "application-cancelled", None,
     False),
    ("feed:intent", "feed intended, no card moved", "application-cancelled", None, False),
    ("feed:outcome", "card fed, stock card taken", "spoiled", None, False),
    ("personalise:intent", "chip write intended", "spoiled", None, False),
    ("personalise:intent:250", "during the chip write", "spoiled", None, False),
    ("personalise:outcome", "after the chip write", "spoiled", None, True),
    ("print:intent", "print intended", "spoiled", None, False),
    ("print:intent:700", "during printing (a 2 s job)", "spoiled", None, True),
    ("print:outcome", "after printing, before verification", "spoiled", None, False),
    ("verify:intent", "verification intended", "spoiled", None, False),
    ("verify:outcome", "verified, not ejected", "spoiled", None, False),
    ("eject:intent", "eject intended, card inside", "spoiled", None, False),
    ("eject:outcome", "ejected, card in the slot", "issued", None, True),
    ("taken:outcome", "card taken", "issued", None, False),
    ("result:intent", "report intended", "issued", None, False),
    ("result:outcome", "report acknowledged", "issued", None, False),
    ("receipt:outcome", "receipt printed, session not closed", "issued", None, False),
    # A second power cut during the recovery of the first.
    ("print:intent", "during printing, then during recovery's reject", "spoiled",
     "reject:intent", False),
    ("print:outcome", "after printing, then during recovery's report", "spoiled",
     "result:intent", True),
    ("eject:outcome", "ejected, then during recovery's report", "issued", "result:intent",
     False),
    # A card the flow itself spoils (the chip refuses the write), killed while
    # it is being put in the reject bin and reported.
    ("reject:intent", "spoiling (chip error), reject intended", "spoiled", None, False),
    ("reject:outcome", "spoiling, card in the bin", "spoiled", None, False),
]



def parse_args():
    parser = argparse.ArgumentParser()
    R.add_arguments(parser)
    return parser.parse_args()


class Run:
    def __init__(self, point, where, expected, recovery_kill, number, person):
        self.point = point
        self.where = where
        self.expected = expected
        self.recovery_kill = recovery_kill
        self.number = number
        self.person = person
        self.figures = {}
        self.problems = []
        self.todo = []

    def problem(self, text):
        self.problems.append(text)


def write_printer_control(k, text):
    R.ui.write_control(k, "card", text)


def reset_center(k):
    """A fresh center (its simulator reseeds from data/demo-people.ini), so
    each run starts with the person eligible for the green channel."""
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(k.center_db + suffix):
            os.unlink(k.center_db + suffix)


def start_and_watch_recovery(k, run, env=None):
    """Starts the program; returns (pages seen before attract, open sessions
    when attract first showed, seconds to attract)."""
    started = time.monotonic()
    k.start(env=env)
    pages = []
    end = time.monotonic() + 90
    while time.monotonic() < end:
        if k.app.poll() is not None:
            return pages, None, None
        page = k.page()
        if page and (not pages or pages[-1] != page):
            pages.append(page)
        if page == "attract":
            return pages, k.open_sessions(), time.monotonic() - started
        time.sleep(0.02)
    raise R.TestFailure("no attract page after the restart; pages %s" % pages)


def card_jobs(k):
    return k.jobs("card")


def drive_until_killed(k, run):
    """Drives the issuance; returns when the program has died."""
    step = run.point.split(":")[0]
    if step in ("reject",):
        # The chip refuses the first write of the personalisation script.
        k.simulate("chip SW 6A82 2")
    try:
        R.drive_green_channel(k, run.person)
    except Exception:  # noqa: BLE001 — the program may die under the last action
        if k.wait_dead(3) is None:
            raise
    end = time.monotonic() + 120
    taken = False
    stuck = None
    while time.monotonic() < end:
        if k.app.poll() is not None:
            break
        try:
            page = k.page()
        except Exception:
            page = None
        # An end page the kill point cannot follow: the issuance stopped.
        if page in ("failed", "refused", "attract") and not run.point.startswith("reject"):
            stuck = stuck or time.monotonic()
            if time.monotonic() - stuck > 3:
                raise R.TestFailure("the issuance ended on %s before %s: %s" % (
                    page, run.point, k.last_error()))
        if page == "take-card" and not taken:
            try:
                k.simulate("cardfeed take")
                taken = True
            except Exception:
                pass
        elif page == "done":
            R.act_quietly(k, "next")
        time.sleep(0.05)
    status = k.wait_dead(10)
    if status != -9:
        raise R.TestFailure("the program did not die at %s (status %s, page %s)" % (
            run.point, status, k.page() if status is None else "-"))
    k._wait_gone()


def journal_of(k, uuid):
    with k.store() as db:
        steps = db.execute("SELECT st.step, st.phase, st.idem_key, st.result FROM steps st"
                           " JOIN sessions s ON s.id = st.session_id WHERE s.uuid = ?"
                           " ORDER BY st.seq", (uuid,)).fetchall()
        session = db.execute("SELECT finished, outcome FROM sessions WHERE uuid = ?",
                             (uuid,)).fetchone()
    return steps, session


def last_session_uuid(k):
    with k.store() as db:
        row = db.execute("SELECT uuid FROM sessions WHERE service = 'green-channel'"
                         " ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def accounting(k):
    """Blank cards: the store against the transport's physical state. A card
    is unaccounted when it left the hopper and the store has it neither
    issued, spoiled nor uncertain, or when the store and the machine disagree
    about where it is."""
    counts = k.stock_counts()
    transport = k.transport()
    hopper = int(transport.get("hopper", 0))
    fed = int(transport.get("fed", 0))
    taken = int(transport.get("taken", 0))
    rejected = int(transport.get("rejected", 0))
    position = transport.get("position", "none")
    in_slot = 1 if position == "exit" else 0
    inside = 1 if position not in ("none", "exit") else 0
    issued = counts.get("issued", 0)
    spoiled = counts.get("spoiled", 0)
    uncertain = counts.get("uncertain", 0)
    in_machine = counts.get("in_machine", 0)
    in_stock = counts.get("in_stock", 0)
    mismatches = []
    missing = max(0, fed - (issued + spoiled + uncertain))
    if missing:
        mismatches.append("%d fed card(s) neither issued, spoiled nor uncertain"
                          " (in the machine: %d)" % (missing, in_machine))
    if in_stock != hopper:
        mismatches.append("in stock %d ≠ hopper %d" % (in_stock, hopper))
    if spoiled != rejected:
        mismatches.append("spoiled %d ≠ in the reject bin %d" % (spoiled, rejected))
    out = taken + in_slot
    misplaced_out = 0 if issued <= out <= issued + uncertain else abs(out - issued)
    if misplaced_out:
        mismatches.append("issued %d (uncertain %d) ≠ taken %d + in the slot %d" % (
            issued, uncertain, taken, in_slot))
    if inside:
        mismatches.append("a card is still inside the transport (%s)" % position)
    unaccounted = (missing + abs(in_stock - hopper) + abs(spoiled - rejected) + misplaced_out
                   + inside)
    return {"unaccounted": unaccounted, "mismatches": mismatches, "counts": counts,
            "fed": fed, "uncertain": uncertain}


def check_accounting(k, run, before):
    now = accounting(k)
    run.figures["unaccounted"] = max(0, now["unaccounted"] - before["unaccounted"])
    run.figures["uncertain"] = now["uncertain"] - before["uncertain"]
    if run.figures["unaccounted"]:
        for text in now["mismatches"]:
            run.problem("stock: " + text)
    # This run's card.
    delta = {state: now["counts"].get(state, 0) - before["counts"].get(state, 0)
             for state in ("issued", "spoiled", "uncertain")}
    card = [state for state, n in delta.items() if n > 0]
    run.figures["card"] = card[0] if card else "none"
    run.figures["fed"] = now["fed"] - before["fed"]


def check_center(k, run, uuid, verdict):
    with k.center() as db:
        apps = db.execute("SELECT id, status FROM application WHERE holder = ?",
                          (run.person,)).fetchall()
        effects = db.execute("SELECT call, count(*) FROM idempotency WHERE key LIKE ?"
                             " AND call IN ('apply_green_channel', 'report_result',"
                             " 'cancel_application') GROUP BY call",
                             (uuid + ":%",)).fetchall()
        collected = db.execute("SELECT count(*) FROM card WHERE holder = ? AND kind = 'formal'"
                               " AND stage IN ('collected', 'financial_active',"
                               " 'social_active')", (run.person,)).fetchone()[0]
        cards_made = db.execute("SELECT count(*) FROM card WHERE holder = ? AND number LIKE 'S%'",
                                (run.person,)).fetchone()[0]
    effects = dict(effects)
    duplicates = sum(max(0, n - 1) for n in effects.values())
    duplicates += max(0, len(apps) - 1) + max(0, collected - 1) + max(0, cards_made - 1)
    run.figures["duplicates"] = duplicates
    run.figures["center"] = ",".join(status for _, status in apps) or "no application"
    expected_status = {"issued": "issued", "spoiled": "spoiled",
                       "application-cancelled": "cancelled", "closed": None,
                       "uncertain": "open"}.get(verdict, "?")
    statuses = [status for _, status in apps]
    told = 0
    if expected_status is None:
        if statuses:
            run.problem("center: an application exists (%s) for a session closed before"
                        " it" % statuses)
    elif statuses != [expected_status]:
        run.problem("center: application %s, the kiosk says %s" % (statuses, verdict))
    else:
        told = 1
    run.figures["center_told"] = told
    check_witnesses(k, run)
    if duplicates:
        run.problem("center: duplicate effects %s, applications %d, cards collected %d" % (
            effects, len(apps), collected))


def check_witnesses(k, run):
    """Issue 7 §6: every audit head the center was sent with a result is the
    kiosk's own (the power cut and the recovery's repeat sent the journaled
    head, never another one under the same key)."""
    with k.center() as db:
        heads = db.execute("SELECT seq, hash FROM audit_witness").fetchall()
    with k.store() as db:
        chain = dict(db.execute("SELECT seq, hash FROM audit").fetchall())
    contradicted = [seq for seq, digest in heads if chain.get(seq) != digest]
    run.figures["witnesses"] = len(heads)
    run.figures["witnesses_contradicted"] = len(contradicted)
    if contradicted:
        run.problem("audit heads the center witnessed that the kiosk's chain does not have: %s"
                    % contradicted)


def check_progress(k, run, verdict):
    """The citizen asks at the kiosk (typed ID number)."""
    k.start_service("progress", first_page="id-number")
    k.act("submit-id-number", k.s(run.person))
    R.wait_any(k, ["result", "refused", "failed"], 30)
    page = k.page()
    texts = " ".join(text for text in k.texts(showing_only=True))
    stage = ""
    for candidate in ["已领取", "制卡中", "已受理", "作废", "未查询到", "预开户", "已制成",
                      "不详"]:
        if candidate in texts:
            stage = candidate
            break
    run.figures["progress"] = "%s: %s" % (page, stage or "?")
    if verdict == "issued" and not (page == "result" and stage == "已领取"):
        run.problem("progress query: an issued card shows as %s %s" % (page, stage))
    if verdict != "issued" and stage == "已领取":
        run.problem("progress query: a card that was not issued shows as collected")
    if page == "failed" or not stage:
        run.problem("progress query: no outcome visible (%s)" % page)
    if verdict == "spoiled" and page == "refused":
        # The application stays open after a spoiled card (the center keeps it
        # for a retry), but the center's get_progress finds no card: the
        # citizen is told "未查询到您的制卡信息". Reported (docs/reliability.md).
        run.todo.append("progress query: the spoiled card's open application is not shown"
                        " (R16 refusal: no card found)")
    if page == "result":
        k.act("next")
        R.wait_any(k, ["done", "failed"], 30)
    k.act("next")
    k.wait_page("attract", 20)


def settle(k):
    """After a run that went wrong: a clean start recovers what it left, so
    the next kill point starts from a settled kiosk."""
    k.kill()
    try:
        k.start()
        k.wait_page("attract", 60)
    except Exception:  # noqa: BLE001 — the next run reports what is still wrong
        pass
    k.kill()


def one_run(k, run, tap):
    reset_center(k)
    write_printer_control(k, "SLEEP 2\n" if run.point.startswith("print:intent:") else None)
    before = dict(accounting(k), jobs=card_jobs(k))
    k.start(env={"KIOSK_TEST_KILL_AT": run.point})
    k.wait_page("attract", 60)
    drive_until_killed(k, run)
    uuid = last_session_uuid(k)
    steps, session = journal_of(k, uuid)
    last = "%s:%s" % (steps[-1][0], steps[-1][1]) if steps else "-"
    run.figures["journal_at_kill"] = last
    if session[0] is not None:
        run.problem("the session was already closed when the program died (%s)" % session[1])
    write_printer_control(k, None)
    pages = []
    if run.recovery_kill:
        pages, _, _ = start_and_watch_recovery(k, run, env={"KIOSK_TEST_KILL_AT":
                                                           run.recovery_kill})
        status = k.wait_dead(60)
        if status != -9:
            run.problem("the recovery was not killed at %s (status %s)" % (run.recovery_kill,
                                                                          status))
            k.stop()
        k._wait_gone()
        steps2, _ = journal_of(k, uuid)
        run.figures["journal_at_second_kill"] = "%s:%s" % (steps2[-1][0], steps2[-1][1])
    pages, open_at_attract, seconds = start_and_watch_recovery(k, run)
    run.figures["recovery_s"] = round(seconds or 0, 1)
    if open_at_attract is None:
        raise R.TestFailure("the program died during the restart:\n" + k.tail_log())
    if open_at_attract:
        run.problem("%d session(s) open when the attract page showed" % open_at_attract)
    if "recovering" not in pages[:2]:
        run.problem("the recovery page was not shown first: %s" % pages)
    log = open(k.log_path, encoding="utf-8", errors="replace").read()
    found = re.findall(r"recovered session %s \(green-channel\): (\S+)" % re.escape(uuid), log)
    verdict = found[-1] if found else "none"
    run.figures["verdict"] = verdict
    if verdict != run.expected:
        run.problem("recovery verdict %s, expected %s" % (verdict, run.expected))
    steps, session = journal_of(k, uuid)
    run.figures["outcome"] = session[1]
    if session[0] is None:
        run.problem("the session is still open after recovery")
    check_accounting(k, run, before)
    if k.transport().get("position") == "exit":
        # The citizen takes the card that waited in the slot through the cut.
        k.simulate("cardfeed take")
        run.figures["taken_after_restart"] = 1
    jobs = card_jobs(k) - before["jobs"]
    run.figures["card_jobs"] = jobs
    if jobs > 1:
        run.problem("the card face was printed %d times" % jobs)
        run.figures["duplicates"] = run.figures.get("duplicates", 0) + jobs - 1
    check_center(k, run, uuid, verdict)
    check_progress(k, run, verdict)
    # Recovery runs once: a second start finds nothing to do.
    status = k.stop()
    if status != 0:
        run.problem("the program ended with status %s on SIGTERM" % status)
        run.figures["crashes"] = 1
    else:
        run.figures["crashes"] = 0


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
    repeats = 3 if full else 1
    only = [word for word in os.environ.get("KIOSK_RELIABILITY_ONLY", "").split(",") if word]
    points = [p[:4] for p in KILL_POINTS
              if (p[0] in only or str(p[3]) in only) if only] or [
                  p[:4] for p in KILL_POINTS if full or p[4]]
    tap = R.Tap()
    runs = []
    k = None
    started = time.monotonic()
    try:
        k = R.Kiosk(args, "power-cut", hopper=80, stock=80)
        number = 0
        for repeat in range(repeats):
            for point, where, expected, recovery_kill in points:
                run = Run(point, where, expected, recovery_kill, number,
                          PEOPLE[number % len(PEOPLE)])
                number += 1
                title = "power cut at %s (%s)%s" % (
                    point, where, " + at %s during recovery" % recovery_kill
                    if recovery_kill else "")
                run_started = time.monotonic()
                try:
                    one_run(k, run, tap)
                except Exception as error:  # noqa: BLE001 — reported, then the next point
                    run.problem("%s: %s" % (type(error).__name__, error))
                    if not isinstance(error, R.TestFailure):
                        run.problem(traceback.format_exc())
                    run.figures.setdefault("unaccounted", 0)
                    run.figures.setdefault("duplicates", 0)
                    run.figures["crashes"] = 1
                    settle(k)
                runs.append(run)
                run.figures["seconds"] = round(time.monotonic() - run_started, 1)
                detail = " ".join("%s=%s" % item for item in sorted(run.figures.items()))
                if not run.problems and run.todo:
                    tap.result(False, title + " # TODO " + "; ".join(run.todo), detail,
                               todo=True)
                else:
                    tap.result(not run.problems, title, detail + "\n" + "\n".join(
                        run.problems + run.todo))
    finally:
        if k is not None:
            k.close()

    points = len(points)
    figures = {
        "kill_points": points,
        "runs_per_point": repeats,
        "runs": len(runs),
        "cards_unaccounted": sum(r.figures.get("unaccounted", 0) for r in runs),
        "duplicate_center_effects": sum(r.figures.get("duplicates", 0) for r in runs),
        "center_told_once": sum(r.figures.get("center_told", 0) for r in runs),
        "audit_heads_witnessed": sum(r.figures.get("witnesses", 0) for r in runs),
        "audit_heads_contradicted": sum(r.figures.get("witnesses_contradicted", 0) for r in runs),
        "uncertain_cards": sum(r.figures.get("uncertain", 0) for r in runs),
        "crashes": sum(r.figures.get("crashes", 0) for r in runs),
        "failed_runs": sum(1 for r in runs if r.problems),
        "seconds": round(time.monotonic() - started),
    }
    R.json_dump(os.path.join(args.out, "power-cut.json"),
                {"figures": figures, "runs": [dict(r.figures, point=r.point, where=r.where,
                                                   recovery_kill=r.recovery_kill,
                                                   problems=r.problems) for r in runs]})
    lines = [
        "| kill point (journal entry) | where | journal at the kill | recovery verdict |"
        " card | center | progress query | ok |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs[:points]:
        point = "`%s`" % r.point + (" then `%s`" % r.recovery_kill if r.recovery_kill else "")
        lines.append("| %s | %s | `%s` | %s | %s | %s | %s | %s |" % (
            point, r.where, r.figures.get("journal_at_kill", "-"), r.figures.get("verdict", "-"),
            r.figures.get("card", "-"), r.figures.get("center", "-"),
            r.figures.get("progress", "-"),
            "✗" if r.problems else ("✓ (progress: TODO)" if r.todo else "✓")))
    lines.append("")
    lines.append("**%d kill points × %d run%s = %d runs: %d cards unaccounted, %d duplicate"
                 " center effects, %d uncertain cards, %d crashes, %d failed runs; %d audit heads"
                 " witnessed by the center, %d not the kiosk's** (%d s)." % (
                     points, repeats, "s" if repeats > 1 else "", len(runs),
                     figures["cards_unaccounted"], figures["duplicate_center_effects"],
                     figures["uncertain_cards"], figures["crashes"], figures["failed_runs"],
                     figures["audit_heads_witnessed"], figures["audit_heads_contradicted"],
                     figures["seconds"]))
    with open(os.path.join(args.out, "power-cut.md"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    tap.note("FIGURES power cut: %s" % json.dumps(figures, sort_keys=True))
    tap.result(figures["cards_unaccounted"] == 0 and figures["duplicate_center_effects"] == 0
               and figures["crashes"] == 0 and figures["audit_heads_contradicted"] == 0,
               "figures: %d kill points × %d runs, %d cards unaccounted, %d duplicate center"
               " effects, %d crashes" % (points, repeats, figures["cards_unaccounted"],
                                         figures["duplicate_center_effects"],
                                         figures["crashes"]))
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
