#!/usr/bin/python3
"""The kioskctl(1) man page and the bash completion keep up with the program:
every command of `kioskctl --help` is documented and completed, the page
renders without a groff warning, and md2man.py refuses what it cannot render."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

KIOSKCTL, MAN_PAGE, MD2MAN, COMPLETION = sys.argv[1:5]
del sys.argv[1:5]


def commands():
    out = subprocess.run([KIOSKCTL, "--help"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r"^  ([a-z-]+)", out, re.M)
    assert len(words) > 10, out
    return sorted(set(words))


class Docs(unittest.TestCase):
    def test_every_command_documented(self):
        with open(MAN_PAGE, encoding="utf-8") as f:
            page = f.read()
        documented = set()
        for term in re.findall(r"^\.TP\n(.*)$", page, re.M):
            documented |= {t.replace("\\-", "-")
                           for t in re.findall(r"\\fB((?:[a-z]|\\-)+)", term)}
        for command in commands():
            self.assertIn(command, documented, "kioskctl.1 lacks %s" % command)

    def test_every_command_completed(self):
        script = ('source %s; COMP_WORDS=(kioskctl ""); COMP_CWORD=1; _kioskctl; '
                  'printf "%%s\\n" "${COMPREPLY[@]}"' % COMPLETION)
        out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True).stdout
        for command in commands():
            self.assertIn(command, out.split(), "the completion lacks %s" % command)

    def test_renders_cleanly(self):
        if shutil.which("groff") is None:
            self.skipTest("no groff")
        p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", MAN_PAGE],
                           capture_output=True, text=True)
        self.assertEqual(p.returncode, 0)
        self.assertEqual(p.stderr, "")

    def test_md2man_refuses_what_it_cannot_render(self):
        with tempfile.TemporaryDirectory() as tmp:
            for bad in ["# x(1) — t\n\n| a | b |\n", "no title\n", "# x(1)\n```\nopen\n",
                        "# x(1)\n- a list\n"]:
                src = os.path.join(tmp, "in.md")
                with open(src, "w", encoding="utf-8") as f:
                    f.write(bad)
                p = subprocess.run([sys.executable, MD2MAN, src, os.path.join(tmp, "out.1")],
                                   capture_output=True, text=True)
                self.assertNotEqual(p.returncode, 0, bad)
            # A line that starts like a request is escaped.
            with open(src, "w", encoding="utf-8") as f:
                f.write("# x(1) — t\n\n## NAME\n\n.rm everything\n`a\\b`\n")
            subprocess.run([sys.executable, MD2MAN, src, os.path.join(tmp, "out.1")], check=True)
            with open(os.path.join(tmp, "out.1"), encoding="utf-8") as f:
                out = f.read()
            self.assertIn("\\&.rm everything", out)
            self.assertIn("\\fBa\\eb\\fR", out)


if __name__ == "__main__":
    unittest.main(verbosity=2)
