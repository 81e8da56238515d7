"""Write small Outlook .msg files for tests: a compound file (CFB version 3, 512-byte
sectors, a mini stream for the small streams) holding the MS-OXMSG streams and storages
Outlook writes (message class, subject, sender, submit time, code page; attachments by
value, with a MIME tag, or embedded messages). olefile only reads such files, so the tests
make their own."""
from __future__ import annotations

import struct
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


PT_LONG, PT_SYSTIME, PT_UNICODE, PT_STRING8, PT_BINARY, PT_OBJECT = 3, 0x40, 0x1F, 0x1E, 0x102, 0xD


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(moment: datetime) -> int:
    delta = moment - datetime(1601, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def ansi(text: str, encoding: str) -> bytes:
    """Text as an 8-bit code page writes it; a letter it has no single byte for is written
    as the letter it has plus combining marks (as cp1258 writes Vietnamese tones)."""
    out = b""
    for char in text:
        try:
            out += char.encode(encoding)
        except UnicodeEncodeError:  # e.g. «ệ»: «ê» and a combining dot below
            base, *marks = unicodedata.normalize("NFD", char)
            for mark in marks:
                try:
                    out += (unicodedata.normalize("NFC", base + mark).encode(encoding)
                            + "".join(m for m in marks if m != mark).encode(encoding))
                    break
                except UnicodeEncodeError:
                    continue
            else:
                out += (base + "".join(marks)).encode(encoding)
    return out


@dataclass
class Message:
    """An Outlook message as MS-OXMSG lays it out. ``attachments``: (name, bytes or an
    embedded Message[, MIME tag]); ``encoding``: its strings saved as 8-bit ("ANSI")
    text in that code page instead of Unicode; ``codepage``: PR_MESSAGE_CODEPAGE, if
    recorded."""

    sender: str
    subject: str
    sent: datetime
    attachments: list[tuple] = field(default_factory=list)
    message_class: str = "IPM.Note"
    encoding: str | None = None
    codepage: int | None = None

    def tree(self, top: bool = True) -> dict[str, object]:
        """Its streams and storages: variable-length properties as ``__substg1.0_*``
        streams, fixed-length ones (and the sizes of the others) in
        ``__properties_version1.0``, after a header of 32 bytes (24 in an embedded message;
        8 in an attachment)."""
        tree: dict[str, object] = {}
        props = bytearray(32 if top else 24)
        if top:
            props[16:24] = struct.pack("<II", 0, len(self.attachments))
            tree["__nameid_version1.0"] = {f"__substg1.0_000{k}0102": b"" for k in (2, 3, 4)}

        def string(where: dict, table: bytearray, prop: int, text: str) -> None:
            if self.encoding:
                data, kind = ansi(text, self.encoding) + b"\0", PT_STRING8
            else:
                data, kind = _utf16(text) + b"\0\0", PT_UNICODE
            where[f"__substg1.0_{prop:04X}{kind:04X}"] = data
            table += struct.pack("<IIII", prop << 16 | kind, 6, len(data), 0)

        string(tree, props, 0x001A, self.message_class)
        string(tree, props, 0x0037, self.subject)
        string(tree, props, 0x0C1F, self.sender)
        props += struct.pack("<IIQ", 0x0039 << 16 | PT_SYSTIME, 6, _filetime(self.sent))
        if self.codepage is not None:
            props += struct.pack("<IIII", 0x3FFD << 16 | PT_LONG, 6, self.codepage, 0)
        for n, (name, data, *tag) in enumerate(self.attachments):
            storage: dict[str, object] = {}
            table = bytearray(8)
            table += struct.pack("<IIII", 0x0E21 << 16 | PT_LONG, 6, n, 0)  # PR_ATTACH_NUM
            if isinstance(data, Message):  # attach method 5: an embedded message
                table += struct.pack("<IIII", 0x3705 << 16 | PT_LONG, 6, 5, 0)
                string(storage, table, 0x3001, name)  # PR_DISPLAY_NAME
                storage["__substg1.0_3701000D"] = data.tree(top=False)
                table += struct.pack("<IIII", 0x3701 << 16 | PT_OBJECT, 6, 0xFFFFFFFF, 0)
            else:  # attach method 1: by value
                table += struct.pack("<IIII", 0x3705 << 16 | PT_LONG, 6, 1, 0)
                string(storage, table, 0x3707, name)
                if tag:
                    string(storage, table, 0x370E, tag[0])
                storage["__substg1.0_37010102"] = data
                table += struct.pack("<IIII", 0x3701 << 16 | PT_BINARY, 6, len(data), 0)
            storage["__properties_version1.0"] = bytes(table)
            tree[f"__attach_version1.0_#{n:08X}"] = storage
        tree["__properties_version1.0"] = bytes(props)
        return tree

    def bytes(self) -> bytes:
        return _compound(self.tree())


def message(sender: str, subject: str, sent: datetime,
            attachments: list[tuple[str, bytes]]) -> bytes:
    """The bytes of a .msg message with these headers and attachments."""
    return Message(sender, subject, sent, list(attachments)).bytes()


def _compound(tree: dict[str, object]) -> bytes:
    entries: list[dict] = [{"name": "Root Entry", "type": 5, "children": []}]

    def add(parent: int, items: dict[str, object]) -> None:
        for name, value in items.items():
            index = len(entries)
            entries[parent]["children"].append(index)
            if isinstance(value, dict):
                entries.append({"name": name, "type": 1, "children": []})
                add(index, value)
            else:
                entries.append({"name": name, "type": 2, "data": value, "children": []})

    add(0, tree)
    mini = bytearray()
    minifat: list[int] = []
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes) -> int:
        if not data:
            return END
        start = len(sectors)
        count = -(-len(data) // SECTOR)
        for k in range(count):
            sectors.append(data[k * SECTOR:(k + 1) * SECTOR].ljust(SECTOR, b"\0"))
            fat.append(start + k + 1 if k + 1 < count else END)
        return start

    for entry in entries:
        data = entry.get("data")
        if data is None:
            continue
        if len(data) < CUTOFF:
            start = len(mini) // MINI
            count = max(1, -(-len(data) // MINI))
            mini += data.ljust(count * MINI, b"\0")
            minifat += [start + k + 1 if k + 1 < count else END for k in range(count)]
            entry["start"] = start
        else:
            entry["start"] = chain(data)
    entries[0]["start"] = chain(bytes(mini))
    entries[0]["size"] = len(mini)
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_start = chain(minifat_bytes)
    for entry in entries:
        children = sorted(entry["children"],
                          key=lambda i: (len(entries[i]["name"]), entries[i]["name"].upper()))
        entry["child"] = children[0] if children else NOSTREAM
        for a, b in zip(children, children[1:]):
            entries[a]["right"] = b
    directory = bytearray()
    for entry in entries:
        name = _utf16(entry["name"]) + b"\0\0"
        size = entry.get("size", len(entry.get("data") or b""))
        directory += struct.pack("<64sHBBIII16sIQQIQ", name.ljust(64, b"\0"), len(name),
                                 entry["type"], 1, NOSTREAM, entry.get("right", NOSTREAM),
                                 entry["child"], b"\0" * 16, 0, 0, 0,
                                 entry.get("start", END) if size else END, size)
    while len(directory) % SECTOR:
        directory += struct.pack("<64sHBBIII16sIQQIQ", b"\0" * 64, 0, 0, 0, NOSTREAM,
                                 NOSTREAM, NOSTREAM, b"\0" * 16, 0, 0, 0, 0, 0)
    directory_start = chain(bytes(directory))
    fat_count = 1
    while (len(sectors) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_start = len(sectors)
    fat += [FATSECT] * fat_count
    fat += [FREE] * (fat_count * (SECTOR // 4) - len(fat))
    table = b"".join(struct.pack("<I", v) for v in fat)
    for k in range(fat_count):
        sectors.append(table[k * SECTOR:(k + 1) * SECTOR])
    difat = [fat_start + k for k in range(fat_count)] + [FREE] * (109 - fat_count)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                         b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, fat_count,
                         directory_start, 0, CUTOFF, minifat_start if minifat else END,
                         -(-len(minifat_bytes) // SECTOR), END, 0)
    header += b"".join(struct.pack("<I", v) for v in difat)
    return header + b"".join(sectors)
