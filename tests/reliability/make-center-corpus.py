#!/usr/bin/python3
"""make-center-corpus.py — seeds for fuzz-center-reply (tests/reliability/corpus/fuzz-center-reply)

Every kind of reply the center gives (docs/center.md: a person with cards, a
card, a progress, an application with its personalisation script, a
refusal, an acknowledgement), in the text form the simulator stores
(g_variant_print) and in the binary form a network client receives, plus
the replies a real simulator database holds (`--from-db center-sim.db`, the
idempotency table). Fictitious data only (the demo people's shape, not
their numbers). Run by hand; the seeds are checked in.
"""

import argparse
import os
import sqlite3

from gi.repository import GLib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "corpus", "fuzz-center-reply")

CARD = ("{'card_number': <'S00000013'>, 'kind': <'formal'>, 'stage': <'collected'>,"
        " 'pre_account_failure': <'none'>, 'bank': <'工商银行'>, 'window': <'bocom-renmin'>,"
        " 'issued_on': <'2024-05-01'>, 'social_activated': <true>, 'formal_loss_social': <false>,"
        " 'formal_loss_financial': <false>, 'damaged': <false>, 'replaced': <false>,"
        " 'handed_back': <false>}")
TEMP_CARD = ("{'card_number': <'T00000021'>, 'kind': <'temporary'>, 'stage': <'collected'>,"
             " 'pre_account_failure': <'none'>, 'social_activated': <false>,"
             " 'formal_loss_social': <false>, 'formal_loss_financial': <false>,"
             " 'damaged': <false>, 'replaced': <false>,"
             " 'temporary_valid_until': <'2024-07-01'>, 'handed_back': <false>}")
SCRIPT = ("# sskiosk APDU script: command SW[,SW...] description\n"
          "00A4040008A000000632010105 9000 select the application\n"
          "00DC01040A000102030405060708 9000,6A82 write EF05\n")
REPLIES = {
    "person": "{'id_number': <'11010519491231002X'>, 'name': <'测试'>, 'insured': <true>,"
              " 'newly_insured': <false>, 'deceased': <false>,"
              " 'cross_province_registered': <true>, 'has_usable_old_medical_card': <false>,"
              " 'hospitalised_on_old_card': <false>, 'cards': <[%s, %s]>}" % (CARD, TEMP_CARD),
    "person-no-cards": "{'id_number': <'11010519491231002X'>, 'name': <'测试'>,"
                       " 'insured': <true>, 'newly_insured': <true>, 'deceased': <false>,"
                       " 'cross_province_registered': <false>,"
                       " 'has_usable_old_medical_card': <false>,"
                       " 'hospitalised_on_old_card': <false>, 'cards': <@aa{sv} []>}",
    "card": CARD,
    "progress": "{'stage': <'pre_account_failed'>, 'kind': <'formal'>,"
                " 'card_number': <'S00000013'>, 'window': <'bocom-renmin'>,"
                " 'bank': <'建设银行'>, 'pre_account_failure': <'phone'>,"
                " 'text': <'银行预开户未成功（手机号码）。'>}",
    "application": "{'application_id': <'SIM-GC-0000001'>, 'card_number': <'S00000013'>,"
                   " 'bank': <'工商银行'>, 'script': <'%s'>}" % SCRIPT.replace("\n", "\\n"),
    "refusal": "{'refusal': <(4, '您已有社会保障卡。', '请使用制卡进度查询。', 'bocom-renmin')>}",
    "refusal-bad-rule": "{'refusal': <(0, '', '', '')>}",
    "ack": "{'acknowledged': <true>}",
    "wrong-types": "{'id_number': <42>, 'cards': <'none'>, 'stage': <[1, 2]>}",
    # audit_witnesses (issue 7 §6): heads in seq order, one seq twice (a conflict).
    "witnesses": "{'witnesses': <['3:" + "0e" * 32 + "', '7:" + "77" * 32 + "', '7:"
                 + "a1" * 32 + "']>}",
    "witnesses-out-of-order": "{'witnesses': <['7:" + "77" * 32 + "', '3:" + "0e" * 32 + "']>}",
}


def write(name, text):
    value = GLib.Variant.parse(GLib.VariantType("a{sv}"), text, None, None)
    with open(os.path.join(OUT, name + ".txt"), "w", encoding="utf-8") as out:
        out.write(value.print_(True))
    with open(os.path.join(OUT, name + ".bin"), "wb") as out:
        out.write(value.get_data_as_bytes().get_data())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--from-db", help="a center simulator's database")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    for name, text in REPLIES.items():
        write(name, text)
    if args.from_db:
        db = sqlite3.connect("file:%s?mode=ro" % args.from_db, uri=True)
        seen = set()
        for call, reply in db.execute("SELECT call, reply FROM idempotency ORDER BY rowid"):
            if call in seen:
                continue
            seen.add(call)
            write("sim-" + call, reply)
    # The script's text form alone, for the script parser.
    with open(os.path.join(OUT, "script.txt"), "w", encoding="utf-8") as out:
        out.write(SCRIPT)


if __name__ == "__main__":
    main()
