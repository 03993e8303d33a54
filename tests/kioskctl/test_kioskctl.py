#!/usr/bin/python3
"""kioskctl end to end: every command, its --json, its exit codes, and garbage.

Runs the real kioskctl binary against a private configuration and state
directory. A refused command must exit non-zero with a clear message and
write nothing: the state directory is compared before and after.
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

KIOSKCTL = sys.argv.pop(1) if len(sys.argv) > 1 else "kioskctl"

# Fictitious people of data/demo-people.ini (valid GB 11643 numbers).
OUT_OF_PROVINCE = "220102198503120019"
DECEASED = "220104195207040021"
VALID_UNKNOWN = "220102199003071235"  # valid check digit, not a demo person


def snapshot(root):
    """Every file below root with its size and mtime: 'writes nothing' means equal."""
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            st = os.stat(path)
            out[path] = (st.st_size, st.st_mtime_ns)
    return out


class Kioskctl(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="kioskctl-test-")
        self.state = os.path.join(self.tmp.name, "state")
        self.conf = os.path.join(self.tmp.name, "kiosk.conf")
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write("[kiosk]\nid=JL-TEST-0001\n[store]\nstate_dir=%s\n[center]\nlatency_ms=0\n" % self.state)
        self.env = dict(os.environ)
        self.env.pop("KIOSK_CONFIG", None)
        self.env["HOME"] = self.tmp.name
        self.env["XDG_STATE_HOME"] = os.path.join(self.tmp.name, "xdg-state")

    def tearDown(self):
        self.tmp.cleanup()

    def run_ctl(self, *args, config=True, stdin=None):
        argv = [KIOSKCTL] + (["--config", self.conf] if config else []) + list(args)
        p = subprocess.run(argv, env=self.env, capture_output=True, timeout=60, input=stdin)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")

    def assert_refused_writes_nothing(self, code, *args):
        before = snapshot(self.tmp.name)
        rc, out, err = self.run_ctl(*args)
        self.assertEqual(rc, code, "%r: exit %d, stderr %r" % (args, rc, err))
        self.assertTrue(err.strip() or out.strip(), "%r: no message at all" % (args,))
        self.assertNotIn("Traceback", err)
        self.assertNotIn("CRITICAL", err)
        self.assertEqual(snapshot(self.tmp.name), before, "%r wrote something" % (args,))
        return out, err

    # --- the dispatcher -------------------------------------------------
    def test_help_and_version(self):
        rc, out, _ = self.run_ctl("--help", config=False)
        self.assertEqual(rc, 0)
        self.assertIn("validate", out)
        rc, out, _ = self.run_ctl("--version", config=False)
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("kioskctl "))

    def test_usage_errors(self):
        self.assert_refused_writes_nothing(2)
        self.assert_refused_writes_nothing(2, "no-such-command")
        self.assert_refused_writes_nothing(2, "--no-such-option", "validate")

    def test_garbage_config(self):
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write("[store]\nretention_days=forever\n")
        _, err = self.assert_refused_writes_nothing(1, "config", "check")
        self.assertIn("retention_days", err)
        rc, out, _ = self.run_ctl("--json", "config", "check")
        self.assertEqual(rc, 1)
        self.assertFalse(json.loads(out)["ok"])

    def test_config_check(self):
        rc, out, _ = self.run_ctl("--json", "config", "check")
        self.assertEqual(rc, 0)
        self.assertEqual(json.loads(out)["kiosk_id"], "JL-TEST-0001")

    # --- validate ---------------------------------------------------------
    def test_validate_ok(self):
        cases = [
            ("id-number", " 11010519491231002x ", "11010519491231002X"),
            ("id-number", "２２０１０２１９９００３０７１２３５", VALID_UNKNOWN),
            ("phone", "13912345678", "13912345678"),
            ("postal-code", "130000", "130000"),
            ("name", "张三", "张三"),
        ]
        for kind, value, normalised in cases:
            rc, out, err = self.run_ctl("validate", kind, value)
            self.assertEqual(rc, 0, (kind, value, err))
            self.assertEqual(out.strip(), normalised)
            rc, out, _ = self.run_ctl("--json", "validate", kind, value)
            self.assertEqual(rc, 0)
            doc = json.loads(out)
            self.assertTrue(doc["valid"])
            self.assertEqual(doc["value"], normalised)

    def test_validate_garbage(self):
        garbage = [
            ("id-number", "220102199003071234"),  # wrong check digit
            ("id-number", "220102199002301236"),  # 30 February
            ("id-number", "990102199003071233"),  # unknown region
            ("id-number", ""),
            ("id-number", "x" * 10000),
            ("id-number", "\u00ff\u00fe"),
            ("phone", "12345"),
            ("phone", "1391234567a"),
            ("postal-code", "13000"),
            ("name", "张三3"),
            ("name", ""),
        ]
        for kind, value in garbage:
            out, err = self.assert_refused_writes_nothing(1, "validate", kind, value)
            rc, out, _ = self.run_ctl("--json", "validate", kind, value)
            self.assertEqual(rc, 1)
            self.assertFalse(json.loads(out)["valid"], (kind, value))
        self.assert_refused_writes_nothing(2, "validate")
        self.assert_refused_writes_nothing(2, "validate", "id-number")
        self.assert_refused_writes_nothing(2, "validate", "shoe-size", "42")

    # --- the center -------------------------------------------------------
    def test_demo_people(self):
        rc, out, err = self.run_ctl("--json", "demo-people")
        self.assertEqual(rc, 0, err)
        people = json.loads(out)
        if isinstance(people, dict):
            people = people.get("people", people)
        numbers = [p["id_number"] for p in people]
        self.assertIn(OUT_OF_PROVINCE, numbers)
        self.assertIn(DECEASED, numbers)
        rc, out, _ = self.run_ctl("demo-people")
        self.assertEqual(rc, 0)
        self.assertIn(OUT_OF_PROVINCE, out)  # full numbers: they are fake

    def test_person(self):
        rc, out, err = self.run_ctl("--json", "person", OUT_OF_PROVINCE)
        self.assertEqual(rc, 0, err)
        doc = json.loads(out)
        self.assertIn("services", doc)
        rc, out, err = self.run_ctl("person", DECEASED)
        self.assertEqual(rc, 0, err)
        self.assertIn("R17", out)

    def test_person_garbage(self):
        # the simulator's database may be created by a successful command only
        self.assert_refused_writes_nothing(2, "person")
        self.assert_refused_writes_nothing(1, "person", "not-a-number")
        self.assert_refused_writes_nothing(1, "person", "220102199003071234")

    # --- the store --------------------------------------------------------
    def test_store_commands(self):
        # a missing database is a wrong path, not a new kiosk: init creates one on purpose
        self.assert_refused_writes_nothing(3, "db", "migrate")
        rc, out, err = self.run_ctl("db", "init")
        self.assertEqual(rc, 0, err)
        self.assert_refused_writes_nothing(1, "db", "init")
        rc, out, err = self.run_ctl("db", "migrate")
        self.assertEqual(rc, 0, err)
        rc, out, err = self.run_ctl("db", "check")
        self.assertEqual(rc, 0, err)
        rc, out, err = self.run_ctl("--json", "audit", "verify")
        self.assertEqual(rc, 0, err)
        json.loads(out)
        rc, out, err = self.run_ctl("--json", "journal")
        self.assertEqual(rc, 0, err)
        json.loads(out)

    def test_store_garbage(self):
        self.assert_refused_writes_nothing(2, "db")
        self.assert_refused_writes_nothing(2, "db", "explode")
        self.assert_refused_writes_nothing(2, "audit")
        self.assert_refused_writes_nothing(2, "audit", "forge")
        os.makedirs(self.state, exist_ok=True)
        with open(os.path.join(self.state, "kiosk.db"), "wb") as f:
            f.write(b"this is not a database" * 100)
        self.assert_refused_writes_nothing(3, "db", "check")
        self.assert_refused_writes_nothing(3, "audit", "verify")
        self.assert_refused_writes_nothing(3, "journal")


if __name__ == "__main__":
    unittest.main(verbosity=2)
