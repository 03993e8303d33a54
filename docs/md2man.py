#!/usr/bin/python3
"""md2man.py — a man page in roff from the small Markdown subset of docs/*.1.md.

pandoc is not on the build machines, and the page is short and regular, so
this turns exactly what the page uses into man(7) macros:

  # name(section) — title      the .TH line
  ## HEADING                   .SH
  ### `term`                   .TP with the term in bold, the paragraph after it as its body
  paragraphs                   .PP
  ``` blocks                   .nf / .fi, indented
  `code`, **bold**, *italic*   \\fB \\fB \\fI
  [text](link)                 text

Anything else is an error, so that the page never silently loses a line.

Usage: md2man.py IN.md OUT.1 [VERSION]
"""
import re
import sys


def escape(text):
    text = text.replace("\\", "\\e")
    text = text.replace("-", "\\-")
    return text


def inline(text):
    out = []
    pos = 0
    for m in re.finditer(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\([^)]+\)", text):
        out.append(escape(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append("\\fB" + escape(m.group(1)) + "\\fR")
        elif m.group(2) is not None:
            out.append("\\fB" + escape(m.group(2)) + "\\fR")
        elif m.group(3) is not None:
            out.append("\\fI" + escape(m.group(3)) + "\\fR")
        else:
            out.append(escape(m.group(4)))
        pos = m.end()
    out.append(escape(text[pos:]))
    line = "".join(out)
    # A line starting with a control character would be read as a request.
    if line.startswith((".", "'")):
        line = "\\&" + line
    return line


def convert(lines, version):
    out = []
    paragraph = []
    in_code = False
    title = None
    # A blank line separates paragraphs; right after a heading or a term the
    # text needs no .PP of its own.
    pending_pp = False

    def flush():
        if paragraph:
            out.append(inline(" ".join(paragraph)))
            paragraph.clear()

    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if in_code:
            if line.startswith("```"):
                out.extend([".fi", ".RE"])
                in_code = False
                pending_pp = True
            else:
                code = escape(line)
                out.append("\\&" + code if code.startswith((".", "'")) else code)
            continue
        if line.startswith("```"):
            flush()
            out.extend([".PP", ".RS 4", ".nf"])
            in_code = True
        elif line.startswith("# "):
            m = re.match(r"# ([a-z0-9_-]+)\((\d)\)(?: — (.*))?$", line)
            if m is None or title is not None:
                raise SystemExit("line %d: the title is '# name(section) — title', once" % number)
            title = m.group(1)
            out.append('.TH "%s" "%s" "" "sskiosk %s" "%s"'
                       % (m.group(1).upper(), m.group(2), version, escape(m.group(3) or "")))
            pending_pp = False
        elif line.startswith("### "):
            flush()
            out.extend([".TP", inline(line[4:])])
            pending_pp = False
        elif line.startswith("## "):
            flush()
            out.append(".SH " + escape(line[3:].strip()))
            pending_pp = False
        elif line.strip() == "":
            if paragraph:
                flush()
                pending_pp = True
        elif line.startswith(("|", "- ", "* ", "> ", "<")):
            raise SystemExit("line %d: not in the subset md2man.py knows: %r" % (number, line))
        else:
            if not paragraph and pending_pp:
                out.append(".PP")
                pending_pp = False
            paragraph.append(line.strip())
    if in_code:
        raise SystemExit("an unterminated ``` block")
    flush()
    if title is None:
        raise SystemExit("no title line")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) not in (3, 4):
        raise SystemExit(__doc__)
    version = sys.argv[3] if len(sys.argv) == 4 else ""
    with open(sys.argv[1], encoding="utf-8") as f:
        page = convert(f.readlines(), version)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(page)


if __name__ == "__main__":
    main()
