#!/usr/bin/env python3
"""Writes the seed corpora of fuzz-sam-frame and fuzz-id-text.

Run from tests/fuzz/ after a change of the formats; the seeds are checked in.
The layouts are written out independently of the C code (from
DEVICE-FACTS.md), so the seeds also cross-check the parser's offsets.
All personal data here is fictional."""
import os

PRE = bytes([0xAA, 0xAA, 0xAA, 0x96, 0x69])


def frame(payload: bytes) -> bytes:
    length = len(payload) + 1
    body = bytes([length >> 8, length & 0xFF]) + payload
    x = 0
    for b in body:
        x ^= b
    return PRE + body + bytes([x])


def ucs2(text: str, size: int) -> bytes:
    raw = text.encode('utf-16-le')
    assert len(raw) <= size, text
    return raw + ' '.encode('utf-16-le') * ((size - len(raw)) // 2)


def block(fields):
    out = bytearray(ucs2('', 256))
    for offset, size, text in fields:
        out[offset:offset + size] = ucs2(text, size)
    assert len(out) == 256
    return bytes(out)


RESIDENT = [(0, 30, '张演示'), (30, 2, '1'), (32, 4, '01'), (36, 16, '19900307'),
            (52, 70, '吉林省长春市朝阳区演示街道1号'), (122, 36, '220102199003071235'),
            (158, 30, '长春市公安局朝阳分局'), (188, 16, '20150101'), (204, 16, '20350101')]
LONGTERM = RESIDENT[:-1] + [(204, 16, '长期')]
HKMOTW = RESIDENT[:2] + [(32, 4, '')] + RESIDENT[3:5] + [(122, 36, '810000198506120024')] + \
    RESIDENT[6:] + [(220, 18, 'H01234567'), (238, 4, '01'), (248, 2, 'J')]
FOREIGNER = [(0, 120, 'DEMO, ALEXANDRA MARIE'), (120, 2, '2'), (122, 30, 'CAN310085061201'),
             (152, 6, 'CAN'), (158, 30, '德演示'), (188, 16, '20180101'), (204, 16, '20280101'),
             (220, 16, '19850612'), (236, 4, '01'), (240, 8, '1500'), (248, 2, 'I')]
FOREIGNER2023 = [(0, 30, '马演示'), (30, 2, '1'), (32, 4, '00'), (36, 16, '19820301'),
                 (52, 70, 'MARTINEZ-DEMONSTRATION, SEBASTIAN A'), (122, 36, '933156198203010079'),
                 (188, 16, '20230601'), (204, 16, '20330601'), (220, 22, 'LEXANDER'),
                 (242, 6, 'ESP'), (248, 2, 'Y'), (250, 6, 'A01')]

TEXTS = {
    'resident': block(RESIDENT),
    'resident-longterm': block(LONGTERM),
    'hkmotw': block(HKMOTW),
    'foreigner': block(FOREIGNER),
    'foreigner2023': block(FOREIGNER2023),
    'all-spaces': block([]),
    'all-zero': bytes(256),
    'short': block(RESIDENT)[:200],
    'bad-date': block(RESIDENT[:3] + [(36, 16, '19901301')] + RESIDENT[4:]),
}

photo = bytes((i * 37 + 11) & 0xFF for i in range(1024))
fingerprint = bytes((i * 7) & 0xFF for i in range(1024))


def read_reply(text, fp=False):
    lengths = bytes([1, 0, 4, 0]) + (bytes([4, 0]) if fp else b'')
    return frame(bytes([0, 0, 0x90]) + lengths + text + photo + (fingerprint if fp else b''))


FRAMES = {
    'find-request': frame(bytes([0x20, 0x01])),
    'find-reply': frame(bytes([0, 0, 0x9F, 0, 0, 0, 0])),
    'find-failed': frame(bytes([0, 0, 0x80])),
    'select-reply': frame(bytes([0, 0, 0x90]) + bytes(8)),
    'sam-id-reply': frame(bytes([0, 0, 0x90]) + bytes.fromhex('050001005fb632016e31f80430d0af8f')),
    'read-reply': read_reply(TEXTS['resident']),
    'read-fp-reply': read_reply(TEXTS['foreigner2023'], fp=True),
    'garbage-then-frame': bytes([0x00, 0xAA, 0xAA, 0x96, 0x13, 0xAA]) + frame(bytes([0, 0, 0x90])),
    'two-frames': frame(bytes([0x11, 0xFF])) + frame(bytes([0, 0, 0x90])),
    'bad-checksum': frame(bytes([0, 0, 0x90]))[:-1] + b'\x00',
    'bad-length': PRE + bytes([0x7F, 0xFF, 0, 0, 0x90, 0x12]),
    'truncated-read': read_reply(TEXTS['hkmotw'])[:700],
}

here = os.path.dirname(os.path.abspath(__file__))
for target, seeds in (('fuzz-id-text', TEXTS), ('fuzz-sam-frame', FRAMES)):
    d = os.path.join(here, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(d, name), 'wb') as f:
            f.write(data)
