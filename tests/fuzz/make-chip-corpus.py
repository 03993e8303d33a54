#!/usr/bin/env python3
"""Writes the seed corpora of fuzz-ssc-record and fuzz-apdu-response.

Run from tests/fuzz/ after a change of the formats; the seeds are checked in.
The records are written out independently of the C code (from
DEVICE-FACTS.md: EF05/EF06 tag, length, value). All personal data here is
fictional (the demo card of devices/chip/vcard/cards/demo.ini)."""
import os


def tlv(tag: int, value: bytes) -> bytes:
    return bytes([tag, len(value)]) + value


def bcd(digits: str) -> bytes:
    return bytes.fromhex(digits)


def chunks(*parts: bytes) -> bytes:
    out = bytearray()
    for p in parts:
        assert len(p) < 256
        out += bytes([len(p)]) + p
    return bytes(out)


RECORDS = {
    'ident': tlv(0x01, bytes.fromhex('220100D1560000050123456789ABCDEF')),
    'type': tlv(0x02, b'3'),
    'version': tlv(0x03, b'3.00'),
    'issuer': tlv(0x04, b'220100000000'),
    'issued': tlv(0x05, bcd('20240115')),
    'expiry': tlv(0x06, bcd('20340115')),
    'card-number': tlv(0x07, b'D0000012V'),
    'ssn': tlv(0x08, b'220102197208080136'),
    'name': tlv(0x09, '卫五'.encode('gb18030').ljust(30, b'\0')),
    'sex': tlv(0x0A, b'1'),
    'nation': tlv(0x0B, bytes([1])),
    'birthplace': tlv(0x0C, bcd('220102')),
    'birth': tlv(0x0D, bcd('19720808')),
}

BROKEN = {
    'name-rare-char': tlv(0x09, '张𠀀'.encode('gb18030')),
    'name-long-form': bytes([0x09, 0x81, 0x06]) + '张三丰'.encode('gb18030'),
    'name-bad-gbk': tlv(0x09, bytes.fromhex('D5FF')),
    'date-bad-bcd': tlv(0x05, bytes.fromhex('2024011A')),
    'date-feb-30': tlv(0x05, bcd('20240230')),
    'padded': tlv(0x0A, b'2') + b'\0\0\xff',
    'truncated': bytes([0x07, 0x09]) + b'D00',
    'unwritten': b'\xff' * 12,
}

SSC = os.path.join('corpus', 'fuzz-ssc-record')
os.makedirs(SSC, exist_ok=True)
for name, data in {**RECORDS, **BROKEN}.items():
    with open(os.path.join(SSC, name), 'wb') as f:
        f.write(data)
with open(os.path.join(SSC, 'ef05-all'), 'wb') as f:
    f.write(chunks(*[RECORDS[k] for k in ('ident', 'type', 'version', 'issuer', 'issued',
                                           'expiry', 'card-number')]))
with open(os.path.join(SSC, 'ef06-all'), 'wb') as f:
    f.write(chunks(*[RECORDS[k] for k in ('ssn', 'name', 'sex', 'nation', 'birthplace',
                                           'birth')]))
with open(os.path.join(SSC, 'text-name'), 'wb') as f:
    f.write(bytes([0x09]) + '欧阳娜娜'.encode())
with open(os.path.join(SSC, 'text-date'), 'wb') as f:
    f.write(bytes([0x0D]) + b'19720808')

SELECT = bytes.fromhex('00A404000F7378312E73682EC9E7BBE1B1A3D5CF')
APDU = os.path.join('corpus', 'fuzz-apdu-response')
os.makedirs(APDU, exist_ok=True)
# Each seed: a mode byte (61xx chunk size in the low nibble, 0x10 strict Le),
# then length-prefixed chunks, each tried as a reply and as a command.
seeds = {
    # replies first: a plain record, a 61xx chain, a 6Cxx then the record
    'plain': b'\x00' + chunks(RECORDS['card-number'] + b'\x90\x00'),
    'chain': b'\x05' + chunks(bytes.fromhex('6104'), RECORDS['sex'] + b'\x61\x02',
                              bytes.fromhex('31') + b'\x90\x00'),
    'wrong-le': b'\x10' + chunks(bytes.fromhex('6C0B'), RECORDS['card-number'] + b'\x90\x00'),
    'twice-6c': b'\x00' + chunks(bytes.fromhex('6C0B'), bytes.fromhex('6C0C')),
    'no-sw': b'\x00' + chunks(b'\x90'),
    # commands to the virtual card
    'read-session': b'\x03' + chunks(SELECT, bytes.fromhex('00A4020002EF05'), bytes.fromhex('00B2010000'),
                           bytes.fromhex('00B2072C0B'), bytes.fromhex('00C0000008')),
    'personalise': b'\x00' + chunks(SELECT, bytes.fromhex('0084000008'),
                          bytes.fromhex('00820000085A5A5A5A5A5A5A5A'),
                          bytes.fromhex('00DC022C03') + RECORDS['type'],
                          bytes.fromhex('00B2022C00')),
    'verify': b'\x00' + chunks(bytes.fromhex('0020000003123456'), bytes.fromhex('0020000003000000'),
                     bytes.fromhex('0020000000')),
    'garbage': b'\x00' + chunks(b'\x00\xB2', bytes.fromhex('00B2000000FF'), b'\x80' * 7),
    'extended': bytes.fromhex('0007') + bytes.fromhex('00B2010400000A'),
}
for name, data in seeds.items():
    with open(os.path.join(APDU, name), 'wb') as f:
        f.write(data)
