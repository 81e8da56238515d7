"""A small reader of Outlook .msg messages over olefile (BSD licence; extract-msg is GPL).

Reads what consolidation needs (MS-OXMSG): sender, submit date, subject and code page
from a message's ``__substg1.0_*`` streams and ``__properties_version1.0``; its attachments
from the ``__attach_version1.0_#*`` storages, each with its name, MIME tag and
data, or the message embedded in it (``__substg1.0_3701000D``, attach method 5), read the
same way. Strings saved without Unicode ("ANSI", PT_STRING8) are decoded by the code page
the message records (PR_MESSAGE_CODEPAGE, else PR_INTERNET_CPID), else by ``DEFAULT_CODEPAGE``.
"""
from __future__ import annotations

import codecs
import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Iterator

import olefile

PR_SUBJECT = "0037"
PR_SENDER_EMAIL = ("0C1F", "0065", "5D01")
PR_SENDER_NAME = ("0C1A", "0042")
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PR_MESSAGE_CODEPAGE = 0x3FFD
PR_INTERNET_CPID = 0x3FDE
PR_ATTACH_METHOD = 0x3705
PT_LONG, PT_SYSTIME = 0x0003, 0x0040
ATTACH_LONG_FILENAME, ATTACH_FILENAME, ATTACH_MIME_TAG = "3707", "3704", "370E"
PR_DISPLAY_NAME = "3001"  # what Outlook shows for an attachment (an embedded message's)
ATTACH_DATA, ATTACH_EMBEDDED = "__substg1.0_37010102", "__substg1.0_3701000D"
ATTACH_EMBEDDED_MSG = 5
# Without a recorded code page, 8-bit strings are read as Vietnamese Windows writes them:
# the offices this reads for save "ANSI" messages on Vietnamese Windows.
DEFAULT_CODEPAGE = 1258
_CODEPAGES = {65001: "utf-8", 20127: "ascii", 28591: "latin-1", 1200: "utf-16-le"}
_HEADER = {True: 32, False: 24}  # a top-level message's property header; an embedded one's


def codec(codepage: int | None) -> str:
    """The Python codec of a Windows code page (``DEFAULT_CODEPAGE`` when unknown)."""
    for page in (codepage, DEFAULT_CODEPAGE):
        if page is None:
            continue
        name = _CODEPAGES.get(page, f"cp{page}")
        try:
            return codecs.lookup(name).name
        except LookupError:
            continue
    return f"cp{DEFAULT_CODEPAGE}"


def _fixed(data: bytes, header: int) -> dict[int, tuple[int, bytes]]:
    """Property id -> (type, 8-byte value) of a ``__properties_version1.0`` stream."""
    found: dict[int, tuple[int, bytes]] = {}
    for offset in range(header, len(data) - 15, 16):
        tag = int.from_bytes(data[offset:offset + 4], "little")
        found[tag >> 16] = (tag & 0xFFFF, data[offset + 8:offset + 16])
    return found


def _long(props: dict[int, tuple[int, bytes]], prop: int) -> int | None:
    kind, value = props.get(prop, (None, b""))
    return int.from_bytes(value[:4], "little") if kind == PT_LONG else None


@dataclass(frozen=True)
class Attachment:
    """One attachment of a message: its name, MIME tag, and its data or embedded message."""

    name: str | None
    mime_tag: str | None
    data: bytes | None
    embedded: "Msg | None"


class Msg:
    """A message of a .msg file: the file's own, or one embedded in an attachment."""

    def __init__(self, ole: olefile.OleFileIO, storage: tuple[str, ...] = (),
                 children: dict[tuple[str, ...], list[str]] | None = None):
        self.ole, self.storage = ole, storage
        if children is None:  # every storage's children, listed once for the whole file
            children = {}
            for path in ole.listdir(streams=True, storages=True):
                for k in range(len(path)):
                    names = children.setdefault(tuple(path[:k]), [])
                    if path[k] not in names:
                        names.append(path[k])
        self.children = children
        props = self._read("__properties_version1.0") or b""
        self.props = _fixed(props, _HEADER[not storage])
        self.codec = codec(_long(self.props, PR_MESSAGE_CODEPAGE)
                           or _long(self.props, PR_INTERNET_CPID))

    def _read(self, name: str, storage: tuple[str, ...] | None = None) -> bytes | None:
        path = "/".join((*(self.storage if storage is None else storage), name))
        return self.ole.openstream(path).read() if self.ole.exists(path) else None

    def string(self, prop: str, storage: tuple[str, ...] | None = None) -> str | None:
        """A string property, Unicode or 8-bit (decoded by the message's code page)."""
        for kind, encoding in (("001F", "utf-16-le"), ("001E", self.codec)):
            raw = self._read(f"__substg1.0_{prop}{kind}", storage)
            if raw is not None:
                text = raw.decode(encoding, "replace").split("\x00", 1)[0]
                return unicodedata.normalize("NFC", text)  # cp1258 writes tone marks apart
        return None

    @property
    def sender(self) -> str | None:
        return next((s for p in PR_SENDER_EMAIL + PR_SENDER_NAME if (s := self.string(p))),
                    None)

    @property
    def subject(self) -> str | None:
        return self.string(PR_SUBJECT)

    @property
    def date(self) -> str | None:
        """The submit (else delivery) time, UTC ISO 8601."""
        for prop in (PR_CLIENT_SUBMIT_TIME, PR_MESSAGE_DELIVERY_TIME):
            kind, value = self.props.get(prop, (None, b""))
            filetime = int.from_bytes(value, "little") if kind == PT_SYSTIME else 0
            if filetime:
                try:
                    moment = datetime(1601, 1, 1, tzinfo=timezone.utc) + timedelta(
                        microseconds=filetime // 10)
                except OverflowError:
                    return None
                return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        return None

    def attachment_storages(self) -> list[str]:
        return sorted(n for n in self.children.get(self.storage, [])
                      if n.startswith("__attach_version1.0_#"))

    def attachments(self) -> Iterator[Attachment]:
        """The attachments in order, each read when reached."""
        for name in self.attachment_storages():
            storage = (*self.storage, name)
            props = _fixed(self._read("__properties_version1.0", storage) or b"", 8)
            inner = (*storage, ATTACH_EMBEDDED)
            embedded = None
            if ATTACH_EMBEDDED in self.children.get(storage, []) and _long(
                    props, PR_ATTACH_METHOD) in (ATTACH_EMBEDDED_MSG, None):
                embedded = Msg(self.ole, inner, self.children)
            yield Attachment(self.string(ATTACH_LONG_FILENAME, storage)
                             or self.string(ATTACH_FILENAME, storage)
                             or self.string(PR_DISPLAY_NAME, storage),
                             self.string(ATTACH_MIME_TAG, storage),
                             None if embedded else self._read(ATTACH_DATA, storage), embedded)


def open_msg(data: bytes) -> Msg:
    """The message of a .msg file's bytes (close ``.ole`` when done)."""
    return Msg(olefile.OleFileIO(io.BytesIO(data)))
