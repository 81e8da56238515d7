"""Write small Outlook .msg files for tests: a compound file (CFB version 3, 512-byte
sectors, a mini stream for the small streams) holding the MS-OXMSG streams that
``fourgood.msgfile`` reads. olefile only reads such files, so the tests make their own."""
from __future__ import annotations

import struct
from datetime import datetime, timezone

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(moment: datetime) -> int:
    delta = moment - datetime(1601, 1, 1, tzinfo=timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10_000_000 + delta.microseconds * 10


def message(sender: str, subject: str, sent: datetime,
            attachments: list[tuple[str, bytes]]) -> bytes:
    """The bytes of a .msg message with these headers and attachments."""
    props = bytearray(32)
    props += struct.pack("<IIQ", 0x0039 << 16 | 0x0040, 0, _filetime(sent))
    tree: dict[str, object] = {
        "__substg1.0_0037001F": _utf16(subject),
        "__substg1.0_0C1F001F": _utf16(sender),
        "__properties_version1.0": bytes(props),
    }
    for n, (name, data) in enumerate(attachments):
        tree[f"__attach_version1.0_#{n:08X}"] = {
            "__substg1.0_3707001F": _utf16(name),
            "__substg1.0_37010102": data,
            "__properties_version1.0": bytes(8),
        }
    return _compound(tree)


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
