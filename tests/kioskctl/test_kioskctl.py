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


    # --- technician tasks (docs/technician.md) ------------------------------
    def tech_setup(self, hopper=0):
        """The simulated card transport (a state file, no process) and a database."""
        self.feed_state = os.path.join(self.tmp.name, "cardfeed.ini")
        with open(self.conf, "a", encoding="utf-8") as f:
            f.write("[devices]\ncardfeed_driver=simulator\ncardfeed_state=%s\n"
                    "cardfeed_hopper=%d\ncardfeed_motion_ms=0\n" % (self.feed_state, hopper))
        rc, _, err = self.run_ctl("db", "init")
        self.assertEqual(rc, 0, err)

    def tech_refused(self, code, *args, stdin=None):
        """Like assert_refused_writes_nothing, with standard input."""
        before = snapshot(self.tmp.name)
        rc, out, err = self.run_ctl(*args, stdin=stdin)
        self.assertEqual(rc, code, "%r: exit %d, stderr %r" % (args, rc, err))
        self.assertTrue(err.strip() or out.strip(), "%r: no message at all" % (args,))
        self.assertNotIn("CRITICAL", err)
        self.assertEqual(snapshot(self.tmp.name), before, "%r wrote something" % (args,))
        return out, err

    def transport(self, **changes):
        """Reads (and changes, as hardware would) the transport's state file."""
        import configparser
        state = configparser.ConfigParser()
        state.read(self.feed_state)
        for key, delta in changes.items():
            state["cardfeed"][key] = str(int(state["cardfeed"][key]) + delta)
        if changes:
            with open(self.feed_state, "w") as f:
                state.write(f)
        return state["cardfeed"]

    def audit_actions(self):
        rc, out, err = self.run_ctl("--json", "audit", "list", "--limit", "1000")
        self.assertEqual(rc, 0, err)
        return [e["action"] for e in reversed(json.loads(out)["entries"])]

    def test_pin(self):
        self.tech_refused(3, "pin", "set", stdin=b"482916\n")  # no database yet
        self.tech_setup()
        rc, out, _ = self.run_ctl("--json", "pin", "status")
        self.assertEqual(rc, 0)
        self.assertFalse(json.loads(out)["set"])
        for bad in [b"123456\n", b"111111\n", b"12345\n", b"48291a\n", b"121212\n",
                    b"482916\n482917\n", b"", b"\xff\xfe\n", b"4" * 5000 + b"\n"]:
            self.tech_refused(1, "pin", "set", stdin=bad)
        self.tech_refused(2, "pin")
        self.tech_refused(2, "pin", "reveal")
        rc, out, err = self.run_ctl("--json", "pin", "set", stdin=b"482916\n482916\n")
        self.assertEqual(rc, 0, err)
        self.assertTrue(json.loads(out)["ok"])
        rc, out, _ = self.run_ctl("pin", "set", stdin=b"902817\n")
        self.assertEqual(rc, 0)
        rc, out, _ = self.run_ctl("--json", "pin", "status")
        doc = json.loads(out)
        self.assertTrue(doc["set"])
        self.assertEqual(doc["attempts_left"], 5)
        self.assertEqual(self.audit_actions().count("technician.pin.set"), 2)
        # Only a yescrypt hash is kept.
        import sqlite3
        db = sqlite3.connect(os.path.join(self.state, "kiosk.db"))
        (value,) = db.execute("SELECT value FROM settings WHERE key = 'technician.pin_hash'").fetchone()
        db.close()
        self.assertTrue(value.startswith("$y$"))
        self.assertNotIn("902817", value)

    def test_stock(self):
        self.tech_setup()
        self.tech_refused(2, "stock")
        self.tech_refused(2, "stock", "load", "JL24A000001")
        self.tech_refused(2, "stock", "load", "JL24A000001", "ten")
        self.tech_refused(2, "stock", "spoil", "JL24A000001")
        self.tech_refused(2, "stock", "list", "--state", "lost")
        self.tech_refused(1, "stock", "load", "JL24A000001", "0")
        self.tech_refused(1, "stock", "load", "JL24A00000X", "5")
        self.tech_refused(1, "stock", "load", "JL24A999999", "2")  # runs past 6 digits
        rc, out, err = self.run_ctl("--json", "stock", "load", "JL24A000001", "20")
        self.assertEqual(rc, 0, err)
        self.assertEqual(json.loads(out)["count"], 20)
        self.tech_refused(1, "stock", "load", "JL24A000010", "5")  # serials already known
        # The simulated hopper got the cards, as the technician's hands would.
        self.assertEqual(self.transport()["hopper"], "20")
        rc, out, _ = self.run_ctl("--json", "stock", "list")
        doc = json.loads(out)
        self.assertEqual(doc["counts"]["in_stock"], 20)
        self.assertEqual(doc["batches"][0]["last_serial"], "JL24A000020")
        rc, out, err = self.run_ctl("stock", "reconcile")
        self.assertEqual(rc, 0, out + err)
        self.assertIn("balanced", out)

        # A damaged blank out of the hopper by hand.
        rc, out, err = self.run_ctl("stock", "spoil", "JL24A000007", "corner", "bent")
        self.assertEqual(rc, 0, err)
        self.transport(hopper=-1)
        rc, out, err = self.run_ctl("--json", "stock", "reconcile")
        self.assertEqual(rc, 0, out + err)
        self.assertEqual(json.loads(out)["removed_by_hand"], 1)
        self.tech_refused(1, "stock", "spoil", "JL24A000007", "again")
        self.tech_refused(1, "stock", "spoil", "JL99Z000001", "unknown")
        self.tech_refused(1, "stock", "spoil", "JL24A000008", " ")
        self.tech_refused(1, "stock", "confirm", "JL24A000008", "not uncertain")
        rc, out, _ = self.run_ctl("--json", "stock", "list", "--state", "spoiled")
        cards = json.loads(out)["cards"]
        self.assertEqual([c["serial"] for c in cards], ["JL24A000007"])
        self.assertIn("corner bent", cards[0]["reason"])

        # Planted: the transport says one more card was ejected.
        self.transport(ejected=+1)
        rc, out, err = self.run_ctl("--json", "stock", "reconcile")
        self.assertEqual(rc, 1, err)
        doc = json.loads(out)
        self.assertFalse(doc["balanced"])
        bad = [line["key"] for line in doc["lines"] if not line["ok"]]
        self.assertEqual(bad, ["ejected"])
        rc, out, err = self.run_ctl("stock", "reconcile")
        self.assertEqual(rc, 1)
        self.assertIn("DIFFERENT", out)
        actions = self.audit_actions()
        self.assertIn("stock.load", actions)
        self.assertIn("stock.spoil", actions)
        self.assertEqual(actions.count("stock.reconcile"), 4)

    def test_stock_without_transport(self):
        rc, _, err = self.run_ctl("db", "init")
        self.assertEqual(rc, 0, err)
        self.tech_refused(3, "stock", "reconcile")
        rc, out, err = self.run_ctl("stock", "load", "JL24A000001", "3")
        self.assertEqual(rc, 0, err)

    def seed_personal_session(self):
        """A finished session with personal data, written as the flows write it."""
        import sqlite3
        db = sqlite3.connect(os.path.join(self.state, "kiosk.db"))
        db.execute("INSERT INTO sessions (uuid, service, kiosk_id, started, finished, outcome, "
                   "subject_masked, id_number, name, phone) VALUES (?, 'green-channel', "
                   "'JL-TEST-0001', 1700000000, 1700000300, 'spoiled', ?, ?, ?, ?)",
                   ("3f2b0c4e-0000-4000-8000-000000000001", "2201**********0019 张*",
                    OUT_OF_PROVINCE, "张三丰", "13912345678"))
        (sid,) = db.execute("SELECT id FROM sessions").fetchone()
        db.execute("INSERT INTO steps (session_id, seq, step, phase, idem_key, payload, result, "
                   "time) VALUES (?, 1, 'apply', 'outcome', 'k', ?, ?, 1700000100)",
                   (sid, json.dumps({"address": "吉林省长春市朝阳区人民大街1号"}),
                    "failed: print: printer jammed"))
        db.commit()
        db.close()

    def test_export(self):
        import hashlib
        import tarfile
        self.tech_setup()
        self.seed_personal_session()
        usb = os.path.join(self.tmp.name, "usb")
        self.tech_refused(2, "export")
        self.tech_refused(2, "export", usb, "--log-command", "'unterminated")
        self.tech_refused(3, "export", usb)  # not mounted: no such directory
        os.mkdir(usb)
        rc, out, err = self.run_ctl("--json", "export", usb, "--log-command",
                                    "printf 'holder %s phone 13912345678\\n'" % OUT_OF_PROVINCE)
        self.assertEqual(rc, 0, err)
        doc = json.loads(out)
        with open(doc["archive"], "rb") as f:
            data = f.read()
        self.assertEqual(hashlib.sha256(data).hexdigest(), doc["sha256"])
        with open(doc["checksum_file"], encoding="utf-8") as f:
            self.assertEqual(f.read(), "%s  %s\n" % (doc["sha256"], os.path.basename(doc["archive"])))
        for secret in [OUT_OF_PROVINCE, "13912345678", "张三丰", "人民大街"]:
            self.assertNotIn(secret.encode("utf-8"), data)
        with tarfile.open(doc["archive"]) as tar:
            names = tar.getnames()
            top = names[0]
            manifest = tar.extractfile(top + "/MANIFEST.sha256").read().decode()
            for line in manifest.splitlines():
                digest, path = line.split("  ", 1)
                self.assertEqual(hashlib.sha256(tar.extractfile(top + "/" + path).read()).hexdigest(),
                                 digest)
            journal = json.loads(tar.extractfile(top + "/journal.json").read())
            info = json.loads(tar.extractfile(top + "/info.json").read())
            log = tar.extractfile(top + "/logs/kiosk.log").read().decode()
        self.assertEqual(journal["sessions"][0]["subject"], "2201**********0019 张*")
        self.assertEqual(info["kiosk_id"], "JL-TEST-0001")
        self.assertIn("holder 2201", log)
        self.assertEqual(self.audit_actions()[-1], "export")
        self.assertEqual(len(os.listdir(usb)), 2)

    def test_errors(self):
        self.tech_setup()
        self.seed_personal_session()
        rc, out, err = self.run_ctl("--json", "errors")
        self.assertEqual(rc, 0, err)
        errors = json.loads(out)["errors"]
        self.assertEqual(errors[0]["message"], "failed: print: printer jammed")
        self.tech_refused(2, "errors", "--limit", "0")

    def test_config_every_group(self):
        with open(self.conf, "a", encoding="utf-8") as f:
            f.write("[policy]\ntemp_loss_after_7_days=lapse\n[photo]\nmin_kb=14\n"
                    "[technician]\nlockout_minutes=15\n[flows]\npage_timeout_s=60\n")
        rc, out, err = self.run_ctl("--json", "config", "check")
        self.assertEqual(rc, 0, err)
        groups = {g["group"]: g for g in json.loads(out)["groups"]}
        for name in ["kiosk", "store", "center", "policy", "photo", "flows", "technician", "devices"]:
            self.assertTrue(groups[name]["checked"], name)
            self.assertIsNone(groups[name]["error"], name)
        self.assertFalse(groups["ui"]["checked"])
        original = open(self.conf, encoding="utf-8").read()
        for bad, word in [("[policy]\nreplacement_fee=free\n", "replacement_fee"),
                          ("[photo]\nmax_kb=1000\n", "max_kb"),
                          ("[technician]\nlockout_minutes=0\n", "lockout_minutes"),
                          ("[flows]\nwarning_s=x\n", "warning_s"),
                          ("[devices]\nidreader_driver=magic\n", "magic"),
                          ("[devices]\ncardfeed_driver=simulator\ncardfed_hopper=1\n", "cardfed_hopper"),
                          ("[polcy]\nx=1\n", "polcy")]:
            with open(self.conf, "w", encoding="utf-8") as f:
                f.write(original + bad)
            _, err = self.tech_refused(1, "config", "check")
            self.assertIn(word, err)
        # A key nothing reads is a warning, not a refusal.
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write(original + "[kiosk]\nsiet=typo\n")
        rc, out, _ = self.run_ctl("config", "check")
        self.assertEqual(rc, 0)
        self.assertIn("siet", out)
        self.tech_refused(2, "config", "check", "--everything")
        self.tech_refused(2, "config", "fix")

    def test_config_set(self):
        rc, _, err = self.run_ctl("db", "init")
        self.assertEqual(rc, 0, err)
        rc, out, err = self.run_ctl("config", "set", "kiosk.site", "吉林市便民服务中心")
        self.assertEqual(rc, 0, err)
        self.assertIn("site=吉林市便民服务中心", open(self.conf, encoding="utf-8").read())
        rc, out, _ = self.run_ctl("--json", "config", "show")
        fields = {(f["group"], f["key"]): f for f in json.loads(out)["fields"]}
        self.assertTrue(fields[("kiosk", "site")]["editable"])
        self.assertFalse(fields[("store", "state_dir")]["editable"])
        self.tech_refused(1, "config", "set", "store.state_dir", "/tmp")
        self.tech_refused(1, "config", "set", "photo.min_kb", "600")
        self.tech_refused(1, "config", "set", "kiosk.id", "J" * 65)
        self.tech_refused(2, "config", "set", "site", "x")
        self.tech_refused(2, "config", "set", "kiosk.site")
        self.assertEqual(self.audit_actions()[-1], "config.set")

    def test_selftest_and_supplies(self):
        self.tech_setup()
        self.tech_refused(2, "selftest", "toaster")
        self.tech_refused(3, "selftest", "camera")  # not in [devices]
        rc, out, err = self.run_ctl("--json", "selftest", "cardfeed")
        self.assertEqual(rc, 3, err)  # the hopper is empty
        self.assertFalse(json.loads(out)["ok"])
        rc, _, err = self.run_ctl("stock", "load", "JL24A000001", "5")
        self.assertEqual(rc, 0, err)
        rc, out, err = self.run_ctl("--json", "selftest", "cardfeed")
        self.assertEqual(rc, 0, err)
        fields = {f["key"]: f["value"] for f in json.loads(out)["fields"]}
        self.assertEqual(fields["hopper"], "5")
        rc, out, err = self.run_ctl("--json", "supplies")
        self.assertEqual(rc, 0, err)
        (hopper,) = json.loads(out)["supplies"]
        self.assertEqual((hopper["item"], hopper["level"], hopper["ok"]), ("hopper", 5, True))
        self.assertIn("technician.selftest", self.audit_actions())

if __name__ == "__main__":
    unittest.main(verbosity=2)
