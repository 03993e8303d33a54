#!/usr/bin/python3
"""check-privacy.py — no demo person's ID number, name or phone in what the tests produced (issue 7, §4)

The last test of the suite (meson priority -1000, not parallel). It reads:

- <build-root>/meson-logs/testlog.txt: the output of every test that ran
  before it (meson writes each test's output when it ends; the last few KB
  may still sit in meson's buffer — run this script again after `meson
  test`, as ./kiosk.sh test does, for the complete log);
- everything under $KIOSK_PRIVACY_SCAN_DIR, where the test harnesses leave
  what the real program produced: its log (with debug messages on), a copy
  of its database — journal rows (steps), sessions' masked subjects, the
  audit chain, the stock and its history, settings — and the exports a
  technician makes (kioskctl journal / audit list as JSON, the export
  archive).

and looks for the demo people's full ID numbers (data/demo-people.ini, also
as the ID card's UCS-2 text), their names, and every phone number the tests
type for them (the mobile and landline literals of tests/ui, flows,
reliability, center, technician). Masked forms (2201…019,
张*, 139****5678) are fine. Not scanned, by design: the personal columns of
`sessions` (id_number, name, phone, photo: what the service and its
recovery need, cleared by the retention purge) and the center simulator's
own database (the center is where personal data lives).

Writes <out>/privacy.md (the figures) and prints TAP.
"""

import argparse
import configparser
import json
import os
import re
import sqlite3
import sys
import tarfile

PERSONAL_COLUMNS = {("sessions", "id_number"), ("sessions", "name"), ("sessions", "phone"),
                    ("sessions", "photo")}
PERSON_TESTS = ["ui", "flows", "reliability", "center", "technician"]
TEXT_SUFFIXES = (".log", ".txt", ".json", ".md", ".csv", ".conf", ".ini", ".tap", ".out")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-root", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--tests", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--scan-dir", default=os.environ.get("KIOSK_PRIVACY_SCAN_DIR"))
    return parser.parse_args()


def sensitive_values(data_dir, tests_dir):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(os.path.join(data_dir, "demo-people.ini"), encoding="utf-8")
    values = {}
    for section in parser.sections():
        if not section.startswith("person:"):
            continue
        person = parser[section]
        if person.get("id_number"):
            values[person["id_number"]] = "ID number"
        if person.get("name") and len(person["name"]) >= 2:
            values[person["name"]] = "name"
    # The phones the tests type for the demo people (the demo file has none):
    # every mobile (1[3-9] + 9 digits) and landline (0 + area code - number)
    # literal of the tests that drive the program, the flows and the center
    # with them. (A validator's own test cases in tests/form are not a
    # person's data.)
    mobile = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
    landline = re.compile(r"(?<![0-9])0[1-9][0-9]{1,2}-[0-9]{7,8}(?![0-9])")
    for root, _, files in [entry for area in PERSON_TESTS
                           for entry in os.walk(os.path.join(tests_dir, area))]:
        for name in files:
            if not name.endswith((".c", ".h", ".py", ".sh")):
                continue
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as text:
                body = text.read()
            for match in mobile.findall(body) + landline.findall(body):
                values.setdefault(match, "phone")
    return values


class Scan:
    def __init__(self, values):
        self.values = values
        # The ID card's text block carries the number in UCS-2 (UTF-16LE).
        self.binary = {value.encode("utf-16-le"): kind for value, kind in values.items()
                       if kind == "ID number"}
        self.pattern = re.compile("|".join(re.escape(v) for v in sorted(values, key=len,
                                                                          reverse=True)))
        self.hits = []
        self.commentary = []
        self.sources = {}

    def text(self, source, where, text, testlog=False, count=True):
        if count:
            self.sources[source] = self.sources.get(source, 0) + 1
        for match in self.pattern.finditer(text):
            value = match.group(0)
            line = text.count("\n", 0, match.start()) + 1
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            context = text[start:end if end >= 0 else len(text)].strip()
            hit = {"source": source, "where": "%s:%d" % (where, line),
                   "kind": self.values[value], "value": mask(value),
                   "context": context.replace(value, mask(value))[:160]}
            # In the test log, a test's own TAP commentary ("# mobile: …", a
            # validator echoing its input) is the test's words, not the
            # program's; the program's lines (its stderr, and the log tails
            # the UI tests print as "#   | …") count.
            if testlog and context.startswith("#") and not context.startswith("#   |"):
                hit["test"] = test_of(text, match.start())
                self.commentary.append(hit)
            else:
                self.hits.append(hit)

    def blob(self, source, where, data):
        for needle, kind in self.binary.items():
            if needle in data:
                self.hits.append({"source": source, "where": where, "kind": kind + " (UCS-2)",
                                  "value": mask(needle.decode("utf-16-le")), "context": ""})

    def database(self, source, path):
        try:
            db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
            tables = [row[0] for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
        except sqlite3.DatabaseError:
            return
        if "idempotency" in tables or "person" in tables:
            db.close()  # the center simulator's database: the center's data
            return
        self.sources[source] = self.sources.get(source, 0) + 1
        for table in tables:
            columns = [row[1] for row in db.execute("PRAGMA table_info(%s)" % table)]
            for column in columns:
                if (table, column) in PERSONAL_COLUMNS:
                    continue
                for rowid, value in db.execute("SELECT rowid, %s FROM %s" % (column, table)):
                    if isinstance(value, str):
                        self.text(source, "%s:%s.%s[%s]" % (os.path.basename(path), table,
                                                            column, rowid), value, count=False)
                    elif isinstance(value, bytes):
                        self.blob(source, "%s:%s.%s[%s]" % (os.path.basename(path), table,
                                                            column, rowid), value)
        db.close()


def test_of(text, offset):
    start = text.rfind("\ntest:", 0, offset)
    if start < 0:
        return "?"
    return text[start + 6:text.find("\n", start + 1)].strip()


def mask(value):
    if len(value) >= 11 and value[:2].isdigit():
        return value[:4] + "*" * (len(value) - 7) + value[-3:]
    return value[0] + "*" * (len(value) - 1)


def scan_file(scan, source, path):
    if path.endswith((".db", ".sqlite")):
        scan.database(source, path)
        return
    if path.endswith((".tar", ".tar.gz", ".tgz")):
        try:
            with tarfile.open(path) as archive:
                for member in archive.getmembers():
                    if member.isfile() and member.size < 64 << 20:
                        data = archive.extractfile(member).read()
                        scan.text(source, "%s!%s" % (os.path.basename(path), member.name),
                                  data.decode("utf-8", errors="replace"))
                        scan.blob(source, "%s!%s" % (os.path.basename(path), member.name),
                                  data)
        except tarfile.TarError:
            pass
        return
    if path.endswith(TEXT_SUFFIXES) or "log" in os.path.basename(path):
        with open(path, "rb") as data:
            content = data.read()
        scan.text(source, os.path.basename(path), content.decode("utf-8", errors="replace"),
                  testlog=os.path.basename(path) == "testlog.txt")
        scan.blob(source, os.path.basename(path), content)


def self_test(values, out):
    """The scan finds what it looks for: a log line, a journal row and a UCS-2
    text block with a demo person's data, and not their masked forms."""
    import tempfile
    id_number = next(v for v, kind in values.items() if kind == "ID number")
    name = next(v for v, kind in values.items() if kind == "name")
    canary = Scan(values)
    with tempfile.TemporaryDirectory(dir=out) as directory:
        log = os.path.join(directory, "canary.log")
        with open(log, "w", encoding="utf-8") as text:
            text.write("kiosk-flows-Message: person %s\nmasked %s %s*\n" % (
                id_number, mask(id_number), name[0]))
        with open(os.path.join(directory, "block.bin.log"), "wb") as blob:
            blob.write(b"\x00\x01" + id_number.encode("utf-16-le"))
        db = sqlite3.connect(os.path.join(directory, "canary.db"))
        db.execute("CREATE TABLE steps (payload TEXT)")
        db.execute("CREATE TABLE sessions (name TEXT)")
        db.execute("INSERT INTO steps VALUES (?)", ('{"holder":"%s"}' % name,))
        db.execute("INSERT INTO sessions VALUES (?)", (name,))
        db.commit()
        db.close()
        for name_ in sorted(os.listdir(directory)):
            scan_file(canary, "canary", os.path.join(directory, name_))
    return len(canary.hits) == 3, len(canary.hits)


def main():
    args = parse_args()
    values = sensitive_values(args.data, args.tests)
    scan = Scan(values)
    os.makedirs(args.out, exist_ok=True)
    canary_ok, canary_hits = self_test(values, args.out)
    print("# looking for %d values: %d ID numbers, %d names, %d phones" % (
        len(values), list(values.values()).count("ID number"), list(values.values()).count("name"),
        list(values.values()).count("phone")))

    testlog = os.path.join(args.build_root, "meson-logs", "testlog.txt")
    if os.path.exists(testlog):
        scan_file(scan, "meson test log (every test's output)", testlog)
    if args.scan_dir and os.path.isdir(args.scan_dir):
        for root, _, files in os.walk(args.scan_dir):
            for name in sorted(files):
                path = os.path.join(root, name)
                kind = ("program logs" if name.endswith(".log") else
                        "kiosk databases (journal, audit, stock)" if name.endswith(".db") else
                        "exports (kioskctl journal, audit list, export archive)"
                        if name.endswith((".json", ".tar", ".sha256"))
                        else "other files")
                scan_file(scan, kind, path)

    # TAP: one line per kind of source.
    number = 0
    failed = False
    kinds = sorted(set(scan.sources) | {hit["source"] for hit in scan.hits})
    if not kinds:
        print("1..0 # SKIP nothing to scan (no testlog.txt, no KIOSK_PRIVACY_SCAN_DIR)")
        return 77
    number += 1
    print("%s %d - the scan finds a planted ID number in a log line and in UCS-2, and a name in a"
          " journal row, not in a session's personal column nor masked (%d of 3)" % (
              "ok" if canary_ok else "not ok", number, canary_hits))
    failed |= not canary_ok
    for kind in kinds:
        number += 1
        hits = [hit for hit in scan.hits if hit["source"] == kind]
        failed |= bool(hits)
        print("%s %d - %s: %d file(s), %d full ID number(s), name(s) or phone(s)" % (
            "not ok" if hits else "ok", number, kind, scan.sources.get(kind, 0), len(hits)))
        for hit in hits[:20]:
            print("# %s: %s %s — %s" % (hit["where"], hit["kind"], hit["value"], hit["context"]))
    tests = sorted({hit["test"] for hit in scan.commentary})
    print("# not counted: %d value(s) in tests' own TAP commentary (their test inputs), in %s" % (
        len(scan.commentary), ", ".join(tests) or "none"))
    number += 1
    print("%s %d - figures: %d sources scanned, %d leaks of personal data" % (
        "not ok" if scan.hits else "ok", number, sum(scan.sources.values()), len(scan.hits)))
    print("1..%d" % number)

    lines = ["| what | files | leaks |", "|---|---|---|"]
    for kind in kinds:
        lines.append("| %s | %d | %d |" % (kind, scan.sources.get(kind, 0),
                                          len([h for h in scan.hits if h["source"] == kind])))
    lines.append("")
    lines.append("**%d values looked for (%d ID numbers, %d names, %d phones) in %d files and"
                 " databases: %d leaks.**" % (
                     len(values), list(values.values()).count("ID number"),
                     list(values.values()).count("name"), list(values.values()).count("phone"),
                     sum(scan.sources.values()), len(scan.hits)))
    if scan.commentary:
        lines.append("Not counted: %d test input(s) echoed in the TAP commentary of %s (the"
                     " tests' own words, not the program's)." % (
                         len(scan.commentary), ", ".join("`%s`" % t for t in tests)))
    with open(os.path.join(args.out, "privacy.md"), "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    with open(os.path.join(args.out, "privacy.json"), "w", encoding="utf-8") as out:
        json.dump({"values": len(values), "sources": scan.sources, "hits": scan.hits,
                   "commentary": scan.commentary}, out,
                  ensure_ascii=False, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
