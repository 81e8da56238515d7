"""The attachments of a winmail.dat (TNEF, MS-OXTNEF), read by a small bounded reader of its
attribute records: Outlook sends one to mail servers it takes for Exchange, and the workbook
is inside it. (tnefparse, the Python library for it, is LGPL and unmaintained since 2021.)

Only the attachment records are read: attAttachRendData starts an attachment,
attAttachTitle names it (a long name in attAttachment's PR_ATTACH_LONG_FILENAME wins),
attAttachData holds its bytes. Every length is checked against the bytes that remain.
"""
from __future__ import annotations

import struct
import unicodedata

from .msgfile import codec

SIGNATURE = b"\x78\x9f\x3e\x22"
ATT_ATTACH_REND_DATA = 0x9002
ATT_ATTACH_TITLE = 0x8010
ATT_ATTACH_DATA = 0x800F
ATT_ATTACHMENT = 0x9005
ATT_OEM_CODEPAGE = 0x9007
PR_ATTACH_LONG_FILENAME = 0x3707
_FIXED = {0x0001: 4, 0x0002: 4, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8,
          0x000A: 4, 0x000B: 4, 0x0014: 8, 0x0040: 8, 0x0048: 16}
_VARIABLE = (0x000D, 0x001E, 0x001F, 0x0102)


def _long_name(data: bytes, encoding: str) -> str | None:
    """PR_ATTACH_LONG_FILENAME from an attAttachment property list, if it holds one."""
    pos, (count,) = 4, struct.unpack_from("<I", data)
    for _ in range(min(count, len(data) // 4)):
        kind, prop = struct.unpack_from("<HH", data, pos)
        pos += 4
        if prop >= 0x8000:  # a named property: its GUID and its name or number
            (named,) = struct.unpack_from("<I", data, pos + 16)
            pos += 20
            if named:
                (size,) = struct.unpack_from("<I", data, pos)
                pos += 4 + -(-size // 4) * 4
            else:
                pos += 4
        values = 1
        if kind & 0x1000 or kind in _VARIABLE:
            (values,) = struct.unpack_from("<I", data, pos)
            pos += 4
        base = kind & 0x0FFF
        for _ in range(min(values, len(data))):
            if pos > len(data):
                return None
            if base in _VARIABLE:
                (size,) = struct.unpack_from("<I", data, pos)
                value, pos = data[pos + 4:pos + 4 + size], pos + 4 + -(-size // 4) * 4
                if prop == PR_ATTACH_LONG_FILENAME and base in (0x001E, 0x001F):
                    text = value.decode("utf-16-le" if base == 0x001F else encoding, "replace")
                    return text.split("\x00", 1)[0]
            elif base in _FIXED:
                pos += _FIXED[base]
            else:
                return None  # a type it does not know: the title names the attachment
    return None


def attachments(data: bytes, limit: int) -> list[tuple[str | None, bytes]]:
    """(name, bytes) of each attachment of a TNEF stream, at most ``limit`` of them (one
    more is reported as ``limit + 1`` items); raises ValueError on a malformed stream."""
    if not data.startswith(SIGNATURE):
        raise ValueError("not TNEF")
    pos, encoding = 6, codec(None)
    found: list[list] = []  # [title, long name, bytes] of each attachment
    while pos < len(data):
        if pos + 9 > len(data):
            raise ValueError("a TNEF record is cut short")
        level, attribute, size = struct.unpack_from("<BII", data, pos)
        start, pos = pos + 9, pos + 9 + size + 2
        if pos > len(data):
            raise ValueError("a TNEF record runs past the end")
        value, attribute = data[start:start + size], attribute & 0xFFFF
        if attribute == ATT_OEM_CODEPAGE and size >= 4:
            encoding = codec(struct.unpack_from("<I", value)[0])
        elif level == 2 and attribute == ATT_ATTACH_REND_DATA:
            if len(found) == limit + 1:
                break
            found.append([None, None, None])
        elif level == 2 and found:
            if attribute == ATT_ATTACH_TITLE:
                found[-1][0] = value.decode(encoding, "replace").split("\x00", 1)[0]
            elif attribute == ATT_ATTACH_DATA:
                found[-1][2] = value
            elif attribute == ATT_ATTACHMENT and size >= 4:
                try:
                    found[-1][1] = _long_name(value, encoding)
                except struct.error:
                    pass
    return [(unicodedata.normalize("NFC", name) if (name := long or title) else None, body)
            for title, long, body in found if body is not None]
