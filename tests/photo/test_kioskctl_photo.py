#!/usr/bin/python3
"""`kioskctl photo check IN [--out OUT.jpg]`, run as the technician runs it.

The real kioskctl binary on the committed fixtures: the verdict, the reasons
with their Chinese instructions, --json (parsed), the card JPEG it writes
(358×441, JFIF 350 dpi, within the configured bounds, read back byte by
byte here), the exit codes, and garbage in every argument.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest

KIOSKCTL = sys.argv.pop(1) if len(sys.argv) > 1 else "kioskctl"
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
CASCADES = "/usr/share/opencv4/haarcascades/haarcascade_frontalface_alt2.xml"


def fixture(name):
    return os.path.join(FIXTURES, name)


def jpeg_facts(data):
    """(width, height, components, jfif units, x density, y density) of a JPEG."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    assert data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\0", "no JFIF APP0 first"
    units, xd, yd = data[13], struct.unpack(">H", data[14:16])[0], struct.unpack(">H", data[16:18])[0]
    i = 2
    while i < len(data):
        assert data[i] == 0xFF
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h, data[i + 9], units, xd, yd
        i += 2 + length
    raise AssertionError("no frame header")


@unittest.skipUnless(os.path.exists(CASCADES), "opencv-data is not installed")
class PhotoCheck(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="kioskctl-photo-")
        self.env = dict(os.environ)
        self.env["KIOSK_CONFIG"] = ""  # the embedded default, whatever the machine has
        self.env["HOME"] = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def run_ctl(self, *args):
        p = subprocess.run([KIOSKCTL] + list(args), capture_output=True, env=self.env, timeout=120)
        return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")

    def config(self, text):
        path = self.path("kiosk.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write("[store]\nstate_dir=%s\n%s" % (self.path("state"), text))
        return path

    def test_pass_writes_the_card_photo(self):
        out = self.path("card.jpg")
        code, stdout, stderr = self.run_ctl("photo", "check", fixture("pass-centre.jpg"), "--out", out)
        self.assertEqual(code, 0, stderr)
        self.assertIn("合格 (pass)", stdout)
        self.assertIn("written: " + out, stdout)
        with open(out, "rb") as f:
            data = f.read()
        w, h, comps, units, xd, yd = jpeg_facts(data)
        self.assertEqual((w, h, comps), (358, 441, 3))
        self.assertEqual((units, xd, yd), (1, 350, 350))
        self.assertGreaterEqual(len(data), 14 * 1024)
        self.assertLessEqual(len(data), 40 * 1000)

    def test_pass_json(self):
        out = self.path("card.jpg")
        code, stdout, _ = self.run_ctl("--json", "photo", "check", fixture("pass-landscape.jpg"), "--out=" + out)
        self.assertEqual(code, 0)
        doc = json.loads(stdout)
        self.assertTrue(doc["ok"])
        self.assertTrue(doc["passed"])
        self.assertEqual(doc["reasons"], [])
        self.assertEqual(doc["source"], {"format": "jpeg", "width": 800, "height": 600})
        self.assertEqual(doc["faces"], 1)
        card = doc["card"]
        self.assertTrue(179 <= card["face_width"] <= 255)
        self.assertTrue(7 <= card["hair_top"] <= 21)
        self.assertTrue(162 <= card["eye_x"] <= 196)
        self.assertGreaterEqual(card["eye_line_to_bottom"], 207)
        self.assertEqual(doc["output"]["path"], out)
        self.assertEqual(doc["output"]["bytes"], os.path.getsize(out))
        self.assertEqual(doc["output"]["dpi"], 350)

    def test_pass_without_out_writes_nothing(self):
        before = sorted(os.listdir(self.tmp.name))
        code, stdout, _ = self.run_ctl("photo", "check", fixture("pass-mirrored.png"))
        self.assertEqual(code, 0)
        self.assertIn("png 320×400", stdout)
        self.assertEqual(sorted(os.listdir(self.tmp.name)), before)

    def test_fail_gives_reasons_and_writes_nothing(self):
        out = self.path("card.jpg")
        code, stdout, _ = self.run_ctl("photo", "check", fixture("fail-too-left.jpg"), "--out", out)
        self.assertEqual(code, 1)
        self.assertIn("不合格 (fail)", stdout)
        self.assertIn("face-too-left", stdout)
        self.assertIn("人像偏左，请向画面中间移动", stdout)
        self.assertFalse(os.path.exists(out))

    def test_fail_json(self):
        code, stdout, _ = self.run_ctl("photo", "check", "--json", fixture("fail-cluttered-background.jpg"))
        self.assertEqual(code, 1)
        doc = json.loads(stdout)
        self.assertFalse(doc["passed"])
        self.assertEqual([r["code"] for r in doc["reasons"]], ["background-not-uniform"])
        for r in doc["reasons"]:
            self.assertTrue("\u4e00" <= r["instruction"][0] <= "\u9fff", r["instruction"])
            self.assertTrue(r["description"])
        self.assertNotIn("output", doc)

    def test_no_face_json(self):
        code, stdout, _ = self.run_ctl("--json", "photo", "check", fixture("fail-no-face-cat.jpg"))
        self.assertEqual(code, 1)
        doc = json.loads(stdout)
        self.assertEqual(doc["faces"], 0)
        self.assertEqual([r["code"] for r in doc["reasons"]], ["no-face"])
        self.assertNotIn("face", doc)

    def test_size_bounds_from_the_configuration(self):
        conf = self.config("[photo]\nmin_kb=1\nmax_kb=5\n")
        out = self.path("card.jpg")
        code, stdout, _ = self.run_ctl("--config", conf, "photo", "check", fixture("pass-centre.jpg"), "--out", out)
        self.assertEqual(code, 1)
        self.assertIn("file-size", stdout)
        self.assertFalse(os.path.exists(out))
        conf = self.config("[photo]\nmin_kb=14\nmax_kb=50\n")
        code, _, _ = self.run_ctl("--config", conf, "photo", "check", fixture("pass-centre.jpg"), "--out", out)
        self.assertEqual(code, 0)
        self.assertLessEqual(os.path.getsize(out), 50 * 1000)

    def test_garbage_files(self):
        empty = self.path("empty.jpg")
        open(empty, "wb").close()
        text = self.path("notes.txt")
        with open(text, "w") as f:
            f.write("not a photo\n" * 10)
        truncated = self.path("truncated.jpg")
        with open(fixture("pass-centre.jpg"), "rb") as f:
            data = f.read()
        with open(truncated, "wb") as f:
            f.write(data[: len(data) // 2])
        tiny = self.path("tiny.jpg")
        with open(tiny, "wb") as f:
            f.write(data[:20])  # SOI and part of APP0
        cases = [
            (empty, "empty file"),
            (text, "not a JPEG or PNG"),
            (truncated, "truncated"),
            (tiny, "corrupt JPEG"),
            (self.path("missing.jpg"), "cannot read"),
            (self.tmp.name, "cannot read"),
        ]
        for path, words in cases:
            with self.subTest(path=path):
                code, stdout, stderr = self.run_ctl("photo", "check", path, "--out", self.path("o.jpg"))
                self.assertEqual(code, 3, stderr)
                self.assertIn(words, stderr)
                self.assertEqual(stdout, "")
                code, stdout, _ = self.run_ctl("--json", "photo", "check", path)
                self.assertEqual(code, 3)
                doc = json.loads(stdout)
                self.assertEqual(doc["ok"], False)
                self.assertEqual(doc["exit"], 3)
                self.assertIn(words, doc["error"])
        self.assertFalse(os.path.exists(self.path("o.jpg")))

    def test_unwritable_out(self):
        code, _, stderr = self.run_ctl("photo", "check", fixture("pass-centre.jpg"), "--out",
                                       self.path("no/such/dir/card.jpg"))
        self.assertEqual(code, 3)
        self.assertIn("cannot write", stderr)

    def test_bad_configuration(self):
        conf = self.config("[photo]\nmin_kb=abc\n")
        code, _, stderr = self.run_ctl("--config", conf, "photo", "check", fixture("pass-centre.jpg"))
        self.assertEqual(code, 3)
        self.assertIn("[photo] min_kb", stderr)
        conf = self.config("[photo]\ncascade_dir=%s\n" % self.path("nowhere"))
        code, _, stderr = self.run_ctl("--config", conf, "photo", "check", fixture("pass-centre.jpg"))
        self.assertEqual(code, 3)
        self.assertIn("haarcascade_frontalface_alt2.xml", stderr)

    def test_detector_module_missing(self):
        # The face detector is a module loaded on the first check: without it
        # the check is refused as unavailable, naming the file, and nothing
        # is written.
        self.env["KIOSK_PHOTO_MODULE_DIR"] = self.path("no-modules")
        out = self.path("card.jpg")
        code, stdout, stderr = self.run_ctl("photo", "check", fixture("pass-centre.jpg"),
                                            "--out", out)
        self.assertEqual(code, 3, stderr)
        self.assertIn("找不到人脸检测模块", stderr)
        self.assertIn(os.path.join(self.path("no-modules"), "kiosk-face-detector.so"), stderr)
        self.assertEqual(stdout, "")
        self.assertFalse(os.path.exists(out))

    def test_usage(self):
        for args in (["photo"], ["photo", "check"], ["photo", "frob", "x.jpg"],
                     ["photo", "check", "a.jpg", "b.jpg"], ["photo", "check", "a.jpg", "--bogus"],
                     ["photo", "check", "a.jpg", "--out"], ["photo", "check", "a.jpg", "--out="]):
            with self.subTest(args=args):
                code, stdout, stderr = self.run_ctl(*args)
                self.assertEqual(code, 2)
                self.assertIn("photo check IN", stderr + stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
