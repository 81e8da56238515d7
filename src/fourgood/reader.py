"""Untrusted files in (docs/design.md, invariant 5).

Every file of an inbox is a ``Source``: a workbook file, or a workbook attached to an .eml
or .msg message (sender and date kept). Reading one never runs Excel or a macro and never
modifies it: size limits are checked before any parsing, the bytes are sniffed first
(encrypted OLE, legacy .xls, not a workbook), the zip is checked for bombs, XML is parsed
with defusedxml and values with calamine. Nothing cached in the file is trusted: the
results are recomputed from the raw inputs and any difference is reported.
"""
from __future__ import annotations

import base64
import email
import email.message
import email.policy
import errno
import hashlib
import io
import math
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Mapping

from defusedxml import ElementTree as SafeET

from . import assess, engine, layout, namedcells
from .cellref import Target, column_index, column_letter, split_ref
from .errors import Rejected
from .framework import framework_hash
from .messages import Message, clean_text, msg

MB = 1024 * 1024
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
MESSAGE_EXTENSIONS = (".eml", ".msg")
CONTAINER_EXTENSIONS = MESSAGE_EXTENSIONS + (".zip",)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TNEF_MAGIC = b"\x78\x9f\x3e\x22"


@dataclass(frozen=True)
class Limits:
    """Checked before parsing: a filled year workbook is ~100 KB."""

    max_bytes: int = 20 * MB          # a workbook or a message on disk
    max_uncompressed: int = 200 * MB  # all zip members together, inflated
    max_ratio: int = 200              # inflated / compressed size of one member
    max_members: int = 2000
    max_rows: int = 5000              # rows and columns a sheet read may reach (claimed in its
    max_cols: int = 100               # <dimension> or by its cells); the templates use < 200 × 20
    future_hours: int = 24            # how far past the run's clock a time is still trusted


LIMITS = Limits()
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Za-z]{1,3})(\d+)"')
_ANY_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ANY_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]*)"')


# What an honest sheet never holds (spreadsheets write every cell and row tag unprefixed,
# its reference first): a reference past column CV (100) or row 4,999, a tag without its
# reference first, a prefixed tag. Any of them, and the sheet is checked exactly. (Three
# patterns, each starting with its own literal, scan far faster than one.)
_FAR = (re.compile(rb'<c(?: r="(?:[A-Za-z]{3}|[D-Zd-z][A-Za-z]|[Cc][W-Zw-z]'
                   rb'|[A-Za-z]{1,2}(?:\d{5,}|[5-9]\d{3})")|(?=[\s>/])(?! r="))'),
        re.compile(rb'<row(?: r="(?:\d{5,}|[5-9]\d{3})"|(?=[\s>/])(?! r="))'),
        re.compile(rb":(?:c|row)[\s>/]"))


def _plainly_within(xml: bytes) -> bool:
    claimed = _DIMENSION.search(xml)
    if claimed is None or claimed[1].count(b":") > 1 or any(p.search(xml) for p in _FAR):
        return False
    try:
        return all(r <= LIMITS.max_rows and c <= LIMITS.max_cols
                   for r, c in map(split_ref, claimed[1].decode("ascii").split(":")))
    except ValueError:
        return False


def check_extent(xml: bytes, sheet: str, name: str) -> None:
    """Refuse a sheet that claims or reaches beyond LIMITS' rows and columns (a reader
    would allocate the whole rectangle: one cell at XFD1048576 is 17 billion cells)."""
    if _plainly_within(xml):
        return
    rows, cols = 0, 0
    claimed = _DIMENSION.search(xml)
    if claimed:
        for ref in claimed[1].decode("ascii", "replace").split(":"):
            try:
                r, c = split_ref(ref)
            except ValueError:
                continue
            rows, cols = max(rows, r), max(cols, c)
    for r in set(_ROW_REF.findall(xml)):
        rows = max(rows, int(r))
    refs = _CELL_REF.findall(xml)
    for r in {r for _, r in refs}:
        rows = max(rows, int(r))
    for letters in {letters for letters, _ in refs}:
        cols = max(cols, column_index(letters.decode("ascii")))
    cells = len(_ANY_CELL.findall(xml))
    if cells > len(refs):  # cells placed by position, without a reference
        rows, cols = max(rows, len(_ANY_ROW.findall(xml))), max(cols, cells)
    if rows > LIMITS.max_rows or cols > LIMITS.max_cols:
        raise Rejected("too_large", name, key="reject_sheet_extent", sheet=sheet,
                       column=column_letter(min(cols, 16384)), row=min(rows, 1048576),
                       rows=LIMITS.max_rows, cols=LIMITS.max_cols)


@dataclass(frozen=True)
class Entry:
    """One file of an inbox, as found (nothing of it read yet)."""

    name: str        # path relative to its inbox (prefixed by the inbox when there are several)
    path: str
    file_time: str | None
    size: int | None = None  # bytes, as found


@dataclass(frozen=True, slots=True)
class Source:
    """One candidate workbook and where it came from."""

    name: str                       # the entry's name; "mail.eml › a.xlsx" for an attachment
    path: str                       # the file on disk (the message, for an attachment)
    file_time: str | None
    sender: str | None = None
    date: str | None = None
    subject: str | None = None
    signature: dict[str, Any] | None = None  # of a signed message: signer, parses


def _read_limited(path: Path, name: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > LIMITS.max_bytes:
                raise _too_large(name, size)
            data = handle.read(size + 1)  # not read(max_bytes): a 20 MB buffer per file
            if len(data) > size:  # it grows while being read
                data += handle.read(LIMITS.max_bytes + 1 - len(data))
    except OSError as exc:
        raise unreadable(name, exc) from None
    if len(data) > LIMITS.max_bytes:  # grew while being read
        raise _too_large(name, len(data))
    return data


def _too_large(name: str, size: int) -> Rejected:
    return Rejected("too_large", name, size=round(size / MB, 1), limit=LIMITS.max_bytes // MB)


def unreadable(name: str, exc: OSError) -> Rejected:
    """A file or folder the system would not read, said as what the officer can do."""
    kind = {errno.ENOENT: "_gone", errno.EACCES: "_denied", errno.EPERM: "_denied"}
    return Rejected("unreadable", name, key=f"reject_unreadable{kind.get(exc.errno, '')}")


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_entry(entry: Entry) -> bytes:
    """The bytes of an inbox entry, within LIMITS.max_bytes. Raises Rejected."""
    return _read_limited(Path(entry.path), entry.name)


def sources(entry: Entry, data: bytes | None = None) -> list[tuple[Source, bytes | Rejected]]:
    """The workbooks an entry holds, each with its bytes: the file itself, or the workbooks
    a message or zip holds however they were wrapped (``Unwrap``), each named by its path
    through the wrapping; a part refused on its own comes with its Rejected instead of
    bytes. ``data``: the entry's bytes when already read. Raises Rejected for the entry."""
    data = read_entry(entry) if data is None else data
    base = entry.name.rsplit("/", 1)[-1]
    if not _container(base):
        return [(Source(entry.name, entry.path, entry.file_time), data)]
    unwrap = Unwrap(entry.name)
    unwrap.item((), base, data, {}, 0)
    out: list[tuple[Source, bytes | Rejected]] = []
    seen: dict[str, str] = {}  # name -> sha256 of the workbook first given that name
    for path, payload, heads in unwrap.found:
        if isinstance(payload, Rejected):
            out.append((Source(unwrap.at(path), entry.path, entry.file_time, **heads), payload))
            continue
        digest = hashlib.sha256(payload).hexdigest()
        name, n = unwrap.at(path), 1
        while name in seen and seen[name] != digest:  # same name, other content: both kept
            n += 1
            name = f"{unwrap.at(path)} ({n})"
        if seen.get(name) == digest:  # the same workbook attached twice: counted once
            continue
        seen[name] = digest
        out.append((Source(name, entry.path, entry.file_time, **heads), payload))
    if not out:
        raise Rejected("no_attachment", entry.name, key=None if base.lower().endswith(
            MESSAGE_EXTENSIONS) else "reject_no_workbook_inside")
    return out


@dataclass(frozen=True)
class MessageLimits:
    """Checked before each message or zip is parsed, over everything one inbox entry holds
    (an honest one is far below each)."""

    header_bytes: int = 256 * 1024   # the header block of a message
    parts: int = 1000                # MIME parts, .msg and TNEF attachments, zip members
    nesting: int = 20                # multipart levels and messages or zips inside others
    attachments: int = 500           # workbooks


MESSAGE_LIMITS = MessageLimits()
MAX_HEADER_TEXT = 1000  # characters kept of a sender, subject or attachment name
TNEF_NAME = "winmail.dat"
TNEF_TYPES = ("application/ms-tnef", "application/vnd.ms-tnef")
PKCS7_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime")
SIGNATURE_TYPES = ("application/pkcs7-signature", "application/x-pkcs7-signature")
_MESSAGE_TYPE = re.compile(rb"content-type:[ \t\r\n]*message/")


def _container(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(CONTAINER_EXTENSIONS) or lower == TNEF_NAME


class _OverBudget(Rejected):
    """A limit over a whole entry was passed: the entry is refused, not one part of it."""


def _too_big_message(name: str, what: str, found: int, limit: int) -> Rejected:
    return _OverBudget("message_limits", name, key=f"reject_message_{what}", found=found,
                       limit=limit)


def _heads(inherited: Mapping[str, Any], sender: str | None, date: str | None,
           subject: str | None) -> dict[str, Any]:
    """A message's sender, date and subject (cleaned), over those of the message that
    carried it where it has its own."""
    own = {k: clean_text(v, one_line=True, limit=MAX_HEADER_TEXT) if isinstance(v, str) else v
           for k, v in (("sender", sender), ("date", date), ("subject", subject)) if v}
    return {**inherited, **own}


def _signed(heads: Mapping[str, Any], facts: Mapping[str, Any]) -> dict[str, Any]:
    signer = facts.get("signer")
    return {**heads, "signature": {**facts, "signer": signer and clean_text(
        signer, one_line=True, limit=MAX_HEADER_TEXT)}}


class Unwrap:
    """Everything an inbox entry holds, however it was wrapped: .eml and .msg messages
    (signed, opaque-signed, forwarded as attachments, embedded in each other), winmail.dat
    (TNEF) and zip files, each opened through one bounded reader of its kind. ``found``:
    (path through the wrapping, bytes or the part's Rejected, the headers of the message
    that carried it). A limit of ``MESSAGE_LIMITS`` or LIMITS' inflated total passed by
    the whole entry refuses the entry; a part that cannot be read (an encrypted message, a
    damaged zip) is refused on its own, named by its path."""

    def __init__(self, name: str, limits: MessageLimits = MESSAGE_LIMITS):
        self.name, self.limits = name, limits
        self.parts = self.workbooks = self.inflated = 0
        self.found: list[tuple[tuple[str, ...], bytes | Rejected, dict[str, Any]]] = []

    def at(self, path: tuple[str, ...]) -> str:
        """The name of what lies at ``path`` in the entry."""
        return " › ".join((self.name, *path))

    def part(self, more: int = 1) -> None:
        self.parts += more
        if self.parts > self.limits.parts:
            raise _too_big_message(self.name, "parts", self.parts, self.limits.parts)

    def deeper(self, depth: int) -> int:
        if depth + 1 > self.limits.nesting:
            raise _too_big_message(self.name, "nesting", depth + 1, self.limits.nesting)
        return depth + 1

    def item(self, path: tuple[str, ...], filename: str | None, data: bytes,
             heads: Mapping[str, Any], depth: int, kind: str | None = None) -> None:
        """One attached (or archived) file, at ``path``: a workbook is kept; a message,
        zip or winmail.dat is opened (one level deeper); anything else is left."""
        lower = (filename or "").lower()
        if lower.endswith(WORKBOOK_EXTENSIONS):
            self.workbooks += 1
            if self.workbooks > self.limits.attachments:
                raise _too_big_message(self.name, "attachments", self.workbooks,
                                       self.limits.attachments)
            self.found.append((path, data, dict(heads)))
            return
        if kind is None:
            kind = ("message" if lower.endswith(MESSAGE_EXTENSIONS) else
                    "zip" if lower.endswith(".zip") else
                    "tnef" if lower == TNEF_NAME or data.startswith(TNEF_MAGIC) else None)
        if kind is not None:  # ``path`` names it (the entry itself: empty)
            self.nested(path, heads, lambda: getattr(self, f"_{kind}")(
                path, data, heads, self.deeper(depth) if path else depth))

    def nested(self, path: tuple[str, ...], heads: Mapping[str, Any], read) -> None:
        """Read a container; below the entry itself, its own refusal is its row."""
        if not path:
            read()
            return
        try:
            read()
        except (_OverBudget, MemoryError):
            raise
        except Rejected as exc:
            self.found.append((path, exc, dict(heads)))

    def _message(self, path: tuple[str, ...], data: bytes, heads: Mapping[str, Any],
                 depth: int) -> None:
        if len(data) > LIMITS.max_bytes:
            raise _too_large(self.at(path), len(data))
        if data.startswith(OLE_MAGIC):
            from .msgfile import open_msg

            try:
                message = open_msg(data)
            except Exception as exc:  # noqa: BLE001 - not an Outlook message after all
                raise Rejected("unreadable_message", self.at(path),
                               detail=type(exc).__name__) from None
            try:
                self._msg(path, message, heads, depth)
            finally:
                message.ole.close()
        else:
            self._mime(path, data, heads, depth)

    def _msg(self, path: tuple[str, ...], message, heads: Mapping[str, Any],
             depth: int) -> None:
        """An Outlook message: its attachments, embedded messages and S/MIME containers."""
        try:
            heads = _heads(heads, message.sender, message.date, message.subject)
            storages = message.attachment_storages()
            self.part(len(storages))
            for attachment in message.attachments():
                tag = (attachment.mime_tag or "").lower()
                name = attachment.name
                if attachment.embedded is not None:
                    inner = attachment.embedded
                    name = name or f"{inner.subject or 'thư'}"
                    name = name if name.lower().endswith(MESSAGE_EXTENSIONS) else name + ".msg"
                    child = path + (clean_text(name, one_line=True, limit=MAX_HEADER_TEXT),)
                    self.nested(child, heads, lambda: self._msg(
                        child, inner, heads, self.deeper(depth)))
                elif attachment.data is None:
                    continue
                elif tag == "multipart/signed" or tag in PKCS7_TYPES or (
                        name or "").lower().endswith(".p7m"):
                    # Outlook keeps a signed or encrypted message's whole MIME entity (or
                    # its CMS structure) as one attachment of the message
                    data = attachment.data
                    if data[:1] == b"\x30":  # a CMS structure (DER), not a MIME entity
                        data = b"Content-Type: application/pkcs7-mime\r\n" \
                            b"Content-Transfer-Encoding: base64\r\n\r\n" \
                            + base64.encodebytes(data)
                    self._mime(path, data, heads, self.deeper(depth))
                else:
                    self.item(path + (clean_text(name or "", one_line=True,
                                                 limit=MAX_HEADER_TEXT),),
                              name, attachment.data, heads, depth)
        except (Rejected, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a malformed message is its own problem
            raise Rejected("unreadable_message", self.at(path),
                           detail=type(exc).__name__) from None

    def _mime(self, path: tuple[str, ...], data: bytes | email.message.Message,
              heads: Mapping[str, Any], depth: int) -> None:
        """A MIME message (an .eml, or the MIME a .msg or a signature carries), within
        the header, part and nesting limits, checked on its bytes before it is parsed."""
        limits = self.limits
        if isinstance(data, bytes):
            end = min((i for i in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if i >= 0),
                      default=len(data))
            if end > limits.header_bytes:
                raise _too_big_message(self.name, "header", end, limits.header_bytes)
            boundaries = data.count(b"\n--")  # each part starts with one (a bound)
            if self.parts + boundaries > limits.parts:
                raise _too_big_message(self.name, "parts", self.parts + boundaries,
                                       limits.parts)
            lower = data.lower()  # the parser nests every message/* part it meets
            nesting = depth + lower.count(b"multipart/") + len(_MESSAGE_TYPE.findall(lower))
            if nesting > limits.nesting:
                raise _too_big_message(self.name, "nesting", nesting, limits.nesting)
            try:  # compat32: headers stay raw text, decoded a bounded piece at a time
                data = email.message_from_bytes(data, policy=email.policy.compat32)
            except Exception as exc:  # noqa: BLE001
                raise Rejected("unreadable_message", self.at(path),
                               detail=type(exc).__name__) from None
        try:
            self._part(path, data, _mime_heads(heads, data), depth)
        except (Rejected, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a malformed message is its own problem
            raise Rejected("unreadable_message", self.at(path),
                           detail=type(exc).__name__) from None

    def _part(self, path: tuple[str, ...], part: email.message.Message,
              heads: Mapping[str, Any], depth: int) -> None:
        from . import smime

        self.part()
        kind = part.get_content_type()
        if kind == "multipart/signed":
            payload = part.get_payload()
            content = payload[0] if isinstance(payload, list) and payload else None
            signature = next((p for p in payload[1:] if p.get_content_type()
                              in SIGNATURE_TYPES), None) if isinstance(payload, list) else None
            facts = smime.signature_facts(signature.get_payload(decode=True) or b"") \
                if signature is not None else {"signer": None, "parses": False}
            if content is not None:
                self._part(path, content, _signed(heads, facts), self.deeper(depth))
            return
        if part.is_multipart():
            payload = part.get_payload()
            if kind == "message/rfc822" or not kind.startswith("multipart/"):
                for inner in payload[:1]:  # a forwarded message: one level deeper
                    name = _decoded(str(part.get_filename() or inner["Subject"] or "thư"))
                    name = name if name.lower().endswith(MESSAGE_EXTENSIONS) else name + ".eml"
                    child = path + (clean_text(name, one_line=True, limit=MAX_HEADER_TEXT),)
                    self.nested(child, heads, lambda: self._mime(
                        child, inner, heads, self.deeper(depth)))
                return
            for inner in payload:
                self._part(path, inner, heads, depth)
            return
        filename = part.get_filename()
        filename = _decoded(str(filename)) if filename else None
        lower = (filename or "").lower()
        if kind in PKCS7_TYPES or lower.endswith(".p7m"):
            der = part.get_payload(decode=True) or b""
            what = smime.kind(der)
            if what == "encrypted":
                raise Rejected("encrypted_message", self.at(path))
            try:
                content = smime.signed_content(der) if what == "signed" else None
            except ValueError:  # its content cannot be reached: said, never skipped
                raise Rejected("unreadable_message", self.at(path), detail="CMS") from None
            if content is not None:
                self._mime(path, content, _signed(heads, smime.signature_facts(der)),
                           self.deeper(depth))
            return
        if kind in TNEF_TYPES:
            self.item(path + (clean_text(filename or TNEF_NAME, one_line=True,
                                         limit=MAX_HEADER_TEXT),),
                      filename or TNEF_NAME, part.get_payload(decode=True) or b"", heads,
                      depth, "tnef")
            return
        if filename:
            self.item(path + (clean_text(filename, one_line=True, limit=MAX_HEADER_TEXT),),
                      filename, part.get_payload(decode=True) or b"", heads, depth)

    def _zip(self, path: tuple[str, ...], data: bytes, heads: Mapping[str, Any],
             depth: int) -> None:
        """A zip file: its workbooks, messages and zips, within the limits of a workbook's
        zip (``check_zip``), the inflated total counted over the whole entry."""
        archive = check_zip(data, self.at(path))
        with archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            self.part(len(members))
            total = sum(i.file_size for i in members)
            self.inflated += total
            if self.inflated > LIMITS.max_uncompressed:
                raise _OverBudget("zip_bomb", self.name, detail=f"{self.inflated // MB} MB")
            for info in members:
                name = _member_name(info)
                if not name.lower().endswith(WORKBOOK_EXTENSIONS) and not _container(
                        name.rsplit("/", 1)[-1]):
                    continue
                member = path + (clean_text(name, one_line=True, limit=MAX_HEADER_TEXT),)
                if info.flag_bits & 0x1:
                    self.found.append((member, Rejected("encrypted", self.at(member),
                                                        key="reject_encrypted_zip"),
                                       dict(heads)))
                    continue
                if info.file_size > LIMITS.max_bytes:
                    self.found.append((member, _too_large(self.at(member), info.file_size),
                                       dict(heads)))
                    continue
                try:
                    body = archive.read(info)
                except (zipfile.BadZipFile, EOFError, OSError, ValueError,
                        NotImplementedError, zlib.error) as exc:
                    self.found.append((member, Rejected("corrupt", self.at(member),
                                                        detail=type(exc).__name__),
                                       dict(heads)))
                    continue
                self.item(member, name.rsplit("/", 1)[-1], body, heads, depth)

    def _tnef(self, path: tuple[str, ...], data: bytes, heads: Mapping[str, Any],
              depth: int) -> None:
        """A winmail.dat: the files attached inside it."""
        from . import tnef

        try:
            attached = tnef.attachments(data, self.limits.parts - self.parts)
        except (ValueError, struct.error) as exc:
            raise Rejected("unreadable_message", self.at(path),
                           detail=type(exc).__name__) from None
        self.part(len(attached))
        for name, body in attached:
            if name:
                self.item(path + (clean_text(name, one_line=True, limit=MAX_HEADER_TEXT),),
                          name, body, heads, depth)


def _member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name: UTF-8 where the zip says so (or it decodes so), else in the code
    page Vietnamese Windows writes (``msgfile.DEFAULT_CODEPAGE``), not the cp437 the zip
    format assumes."""
    if info.flag_bits & 0x800 or info.filename.isascii():
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        from .msgfile import codec

        return unicodedata.normalize("NFC", raw.decode(codec(None), "replace"))


def _mime_heads(inherited: Mapping[str, Any], message: email.message.Message
                ) -> dict[str, Any]:
    try:
        date = _iso(parsedate_to_datetime(_decoded(message["Date"] or ""))) \
            if message["Date"] else None
    except (TypeError, ValueError, OverflowError):
        date = None
    return _heads(inherited, _decoded(message["From"] or "") or None, date,
                  _decoded(message["Subject"] or "") or None)


def _decoded(raw: str) -> str:
    """An RFC 2047 header value as text, at most MAX_HEADER_TEXT characters of it decoded
    (the encoded words of a huge header cost time in proportion to their number)."""
    from email.header import decode_header, make_header

    raw = str(raw)[:4 * MAX_HEADER_TEXT]
    try:
        return str(make_header(decode_header(raw)))[:MAX_HEADER_TEXT]
    except Exception:  # noqa: BLE001 - undecodable words: the raw text, cleaned later
        return raw[:MAX_HEADER_TEXT]


@dataclass
class Found:
    """What walking the inboxes found: the files to read and entries refused on sight."""

    entries: list[Entry] = field(default_factory=list)
    rejected: list[tuple[str, str | None, Rejected]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # office lock files: nobody sent them


def is_lock_file(name: str, size: int) -> bool:
    """Whether a file is the lock an office program keeps beside a workbook open in it
    (Excel's «~$so.xlsx», LibreOffice's «.~lock.so.xlsx#»): a few hundred bytes, never a
    workbook."""
    return size < 4096 and (name.startswith("~$") or
                            (name.startswith(".~lock.") and name.endswith("#")))


def _inbox_names(inboxes: list[Path]) -> list[str]:
    """What each inbox's files are named after: nothing for one inbox, else the inbox's own
    name (numbered when two inboxes share one), so that no two files share a name."""
    if len(inboxes) == 1:
        return [""]
    out: list[str] = []
    for inbox in inboxes:
        base = inbox.resolve().name or "inbox"
        name, n = base, 1
        while name in out:
            n += 1
            name = f"{base} ({n})"
        out.append(name)
    return out


def walk(inboxes: list[Path]) -> Found:
    """Every entry under the inboxes (nested folders, sorted): files to read, and every
    other entry — links (never followed), special files, folders that cannot be opened —
    refused with a reason, never skipped without a word (office lock files are skipped
    by name and counted)."""
    found = Found()
    seen: set[str] = set()  # an inbox given twice, or a file inside another inbox: read once

    def stamp(info: os.stat_result) -> str | None:
        try:
            return _iso(datetime.fromtimestamp(info.st_mtime, tz=timezone.utc))
        except (OverflowError, OSError, ValueError):
            return None

    def visit(path: str, name: str) -> None:
        clean = clean_text(name, one_line=True, limit=MAX_HEADER_TEXT)
        try:
            info = os.lstat(path)
        except OSError as exc:
            found.rejected.append((clean, None, unreadable(clean, exc)))
            return
        if stat.S_ISLNK(info.st_mode):
            found.rejected.append((clean, stamp(info), Rejected("link", clean)))
            return
        if stat.S_ISDIR(info.st_mode):
            try:
                with os.scandir(path) as listing:
                    children = sorted((e.name, e.path) for e in listing)
            except OSError as exc:
                found.rejected.append((clean + "/", stamp(info), unreadable(clean + "/", exc)))
                return
            for child, child_path in children:
                visit(child_path, f"{name}/{child}" if name else child)
            return
        if not stat.S_ISREG(info.st_mode):
            found.rejected.append((clean, stamp(info), Rejected("special_file", clean)))
            return
        if path in seen:  # every folder was reached without a link from a resolved inbox:
            return        # its path is the file's real path already
        seen.add(path)
        if is_lock_file(os.path.basename(path), info.st_size):
            found.skipped.append(clean)
            return
        found.entries.append(Entry(clean, path, stamp(info), info.st_size))

    for inbox, prefix in zip(inboxes, _inbox_names(inboxes)):
        inbox = inbox.resolve()  # the inbox itself may be a link the user chose
        if inbox.is_file():
            visit(str(inbox), "/".join(filter(None, (prefix, inbox.name))))
        else:
            visit(str(inbox), prefix)
    return found


def check_bytes(data: bytes, name: str) -> zipfile.ZipFile:
    """Sniff and bound the bytes before any workbook parser sees them; returns the open
    zip archive."""
    if len(data) > LIMITS.max_bytes:
        raise _too_large(name, len(data))
    if data.startswith(OLE_MAGIC):
        import olefile

        try:
            ole = olefile.OleFileIO(io.BytesIO(data))
            streams = {"/".join(s) for s in ole.listdir()}
        except Exception:
            raise Rejected("not_a_workbook", name) from None
        if "EncryptionInfo" in streams or "EncryptedPackage" in streams:
            raise Rejected("encrypted", name)
        if "Workbook" in streams or "Book" in streams:
            raise Rejected("legacy_xls", name)
        raise Rejected("not_a_workbook", name)
    if not data.startswith(ZIP_MAGIC):
        raise Rejected("not_a_workbook", name)
    archive = check_zip(data, name)
    if "xl/workbook.xml" not in archive.namelist():
        raise Rejected("not_a_workbook", name)
    return archive


def check_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open a zip (a workbook's, or one that holds received files) within LIMITS: members,
    each one's inflation ratio and their inflated total, as the archive claims them;
    returns the open archive. Raises Rejected (``corrupt``, ``zip_bomb``)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise Rejected("corrupt", name, detail=str(exc)) from None
    if len(members) > LIMITS.max_members:
        raise Rejected("zip_bomb", name, detail=f"{len(members)} parts")
    total = 0
    for info in members:
        total += info.file_size
        if info.compress_size and info.file_size / info.compress_size > LIMITS.max_ratio:
            raise Rejected("zip_bomb", name, detail=f"{info.filename} ×"
                           f"{info.file_size // max(info.compress_size, 1)}")
    if total > LIMITS.max_uncompressed:
        raise Rejected("zip_bomb", name, detail=f"{total // MB} MB")
    return archive


def saved_at(archive: zipfile.ZipFile) -> str | None:
    """The workbook's own save time (docProps/core.xml), UTC ISO 8601; None without one, or
    with the time every built template carries (``layout.FIXED_TIME``: never saved since)."""
    try:
        root = namedcells.parse_xml(archive.read("docProps/core.xml"))
    except (KeyError, SafeET.ParseError):
        return None
    node = root.find("{http://purl.org/dc/terms/}modified")
    if node is None or not node.text:
        return None
    try:
        moment = _iso(datetime.fromisoformat(node.text.strip().replace("Z", "+00:00")))
    except ValueError:
        return None
    return None if moment == _iso(layout.FIXED_TIME) else moment


def framework_rows(rows: list[list[Any]]) -> dict[str, tuple[str, str]]:
    """Framework id -> (version, sha256) from the rows of a workbook's _fourgood sheet."""
    return {str(r[0]): (str(r[1]), str(r[2])) for r in rows
            if len(r) >= 3 and isinstance(r[2], str) and len(r[2]) == 64}


@dataclass
class Submission:
    """One accepted workbook: identification, the inputs as typed, recomputed results."""

    source: Source
    sha256: str
    size: int
    unit: str
    year: int
    template: str
    saved_at: str | None
    doc: dict[str, Any]
    months: dict[str, engine.PeriodResult]
    year_result: engine.YearResult
    rating: engine.PeriodResult | None
    rated: engine.RatedYear | None
    warnings: list[Message]
    cached: dict[str, Any]
    notes: dict[str, list[Message]]  # warnings of the reading ("read") and of the cached
    #                                  results ("checked"), kept to recompute the others

    def record(self, frameworks: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        """The submission record as the ledger keeps it (schemas/submission.schema.json):
        the inputs once, without the results, which the engine recomputes from them."""
        spec = layout.TEMPLATES[self.template]
        main = frameworks[spec.main]
        return {
            "unit": self.unit, "year": self.year, "month": None,
            "template": {"id": self.template, "version": layout.TEMPLATE_VERSION},
            "framework": {"id": main["id"], "version": main["version"],
                          "hash": framework_hash(main)},
            "inputs": stored_inputs(self.doc),
            "cached": self.cached,
            "differences": [],
            "notes": {k: [m.to_dict() for m in v] for k, v in self.notes.items()},
            "provenance": {"file": self.source.name, "sha256": self.sha256, "size": self.size,
                           "saved_at": self.saved_at, "file_time": self.source.file_time,
                           "message": None if self.source.sender is None and
                           self.source.date is None else
                           {"sender": self.source.sender, "date": self.source.date,
                            "subject": self.source.subject,
                            "attachment": self.source.name.split(" › ")[-1]}},
        }


def stored_inputs(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A document's inputs as a record keeps them: each month by its key, the year's
    rating under "year", each quarter under "Q1".."Q3"; periods with nothing typed are
    left out."""
    out = {k: v for k, v in doc["periods"].items() if not engine.nothing_typed(v)}
    if doc.get("rating"):
        out["year"] = doc["rating"]
    out.update({f"Q{k}": v for k, v in (doc.get("quarters") or {}).items()
                if not engine.nothing_typed(v)})
    return out


def stored_document(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The document ``stored_inputs`` came from, as far as the engine reads it."""
    doc: dict[str, Any] = {"periods": {str(m): inputs.get(str(m)) or {"values": {}}
                                       for m in range(1, layout.MONTHS + 1)}}
    if "year" in inputs:
        doc["rating"] = inputs["year"]
        doc["quarters"] = {str(q): inputs.get(f"Q{q}") or {"values": {}}
                           for q in range(1, layout.QUARTERS + 1)}
    return doc


def _named_values(data: bytes, archive: zipfile.ZipFile, name: str
                  ) -> tuple[dict[str, Any], dict[str, Target], str | None,
                             dict[str, tuple[str, str]]]:
    """The values of the names the consolidation reads (``layout.read_cells``), each read
    only where it has the templates' size and its sheet stays within LIMITS; with their
    targets, the save time and the framework stamps (``archive``: ``data``, open, from
    ``check_bytes``). Raises Rejected."""
    import python_calamine

    try:  # one zip handle and one calamine workbook serve every read below
        with archive:
            root = namedcells.workbook_root(archive)
            parts = namedcells.sheet_parts(archive, root)
            targets = {n: t for n, t in namedcells.defined_names(archive, layout.read_cells,
                                                                 root).items()
                       if layout.read_cells(n) == t.size and t.sheet in parts}
            saved = saved_at(archive)
            sheets = {t.sheet for t in targets.values()} | ({"_fourgood"} & parts.keys())
            for sheet in sheets:
                check_extent(archive.read(parts[sheet]), sheet, name)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (Rejected, MemoryError):
        raise
    except Exception as exc:
        raise Rejected("corrupt", name, detail=type(exc).__name__) from None
    configs = [n for n in book.sheet_names if n.lower().endswith(".conf")]
    if configs:  # an xlwings config sheet could point Excel's add-in at another Python
        book.close()
        raise Rejected("config_sheet", name, sheet=configs[0])
    try:
        last_rows: dict[str, int] = {}  # only the rows the names reach are converted
        for target in targets.values():
            last_rows[target.sheet] = max(last_rows.get(target.sheet, 0), target.max_row)
        grids = {}  # _fourgood read whole, once: its framework stamps lie below its names
        if "_fourgood" in sheets:
            grids["_fourgood"] = book.get_sheet_by_name("_fourgood").to_python(
                skip_empty_area=False)
        named = namedcells.read_book(book, targets, rows=last_rows, grids=grids)
        stamped = framework_rows(grids["_fourgood"]) if "_fourgood" in grids else {}
    except MemoryError:
        raise
    except Exception as exc:
        raise Rejected("corrupt", name, detail=type(exc).__name__) from None
    finally:
        book.close()
    return {k: _cell(v) for k, v in named.items()}, targets, saved, stamped


def _cell(value: Any) -> Any:
    """A value read from a received cell, as every later step can hold it: text cleaned
    (``clean_text``), a number that is not finite as Excel's «#NUM!»."""
    if isinstance(value, list):
        return [v if v is None or type(v) is int else _cell(v) for v in value]
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "#NUM!"
    return value


def _trusted(moment: str | None, limit: float) -> bool:
    """A time (UTC ISO 8601) no later than ``limit`` (a timestamp)."""
    if moment is None:
        return True
    try:
        return datetime.fromisoformat(moment.replace("Z", "+00:00")).timestamp() <= limit
    except ValueError:
        return False


def _year(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        year = int(float(value)) if not isinstance(value, int) else value
    except (TypeError, ValueError, OverflowError):
        return None
    return year if year in layout.YEARS else None


def read_submission(source: Source, data: bytes, roster, frameworks: Mapping[str, Any],
                    now: str | None = None, sha256: str | None = None) -> Submission:
    """Identify, validate and recompute one workbook as its own sheets say (a committee's
    criterion 5 from its «Chi bộ trực thuộc» sheet: ``recompute`` takes it from its cells'
    own results); raises Rejected. Whatever year it is for, it is read as that year's (the
    run that reads it decides whether that is its year). Times later than ``now`` (plus
    LIMITS.future_hours) are not trusted: they are warned about and do not decide which
    submission is current. ``sha256``: the bytes' hash, when known."""
    named, targets, saved, stamped = _named_values(data, check_bytes(data, source.name),
                                                   source.name)
    template_id = named.get(layout.meta_name("template_id"))
    if template_id not in layout.TEMPLATES:
        raise Rejected("not_a_template", source.name)
    spec = layout.TEMPLATES[template_id]
    if spec.main is None:  # a consolidation workbook has no self-assessment of its own
        raise Rejected("consolidation_workbook", source.name)
    meta_unit = named.get(layout.meta_name("unit_id"))
    info_unit = named.get(layout.info_name("unit_id"))
    unit_id = meta_unit or info_unit
    if not isinstance(unit_id, str) or unit_id not in roster.units:
        raise Rejected("unknown_unit", source.name, unit=str(unit_id or "—"))
    unit = roster[unit_id]
    if layout.TEMPLATE_FOR_TYPE[unit.type].id != template_id:
        from .roster import TYPE_TITLES

        raise Rejected("wrong_template", source.name, unit=unit_id,
                       type=TYPE_TITLES[unit.type], template=spec.file_name)
    info_year, meta_year = (_year(named.get(layout.info_name("year"))),
                            _year(named.get(layout.meta_name("year"))))
    found_year = info_year or meta_year
    if found_year is None:
        raise Rejected("no_year", source.name)
    warnings: list[Message] = []
    if (info_unit and meta_unit and info_unit != meta_unit) or (
            info_year and meta_year and info_year != meta_year):
        warnings.append(msg("warn_identity", file=source.name, unit=meta_unit,
                            info_unit=info_unit or "—", year=meta_year or "—",
                            info_year=info_year or "—"))
    source, saved = _trust_times(source, saved, now, warnings, found_year)
    sender = _address(source.sender)
    known = {_address(a) for u in [unit, *roster.ancestors(unit_id)]  # or forwarded by
             for a in re.split(r"[;,\s]+", u.email or "") if a}       # a committee above
    if sender and unit.email and sender not in known:
        warnings.append(msg("warn_sender", file=source.name, sender=sender, unit=unit_id,
                            email=unit.email))
    warnings += _older_versions(source.name, named, stamped, frameworks)
    doc = layout.names_to_document(spec, frameworks, named)
    own = assess.evaluate_months(spec, frameworks, doc)  # what the workbook's formulas show
    result, derived = recompute(spec, frameworks, doc, source.name, None, own)
    cached = {k: v for k, v in named.items() if k.startswith(("FG_R_", "FG_RY_", "FG_RQ_"))}
    checked = _differences(source.name, named, targets, own, result.rated, frameworks)
    if spec.decisions:  # a committee's decisions on its cells travel up with its workbook
        from .decisions import sheet_decisions

        doc["decisions"] = sheet_decisions(named, frameworks[doc["rating"]["framework"]])
    return Submission(source, sha256 or hashlib.sha256(data).hexdigest(), len(data), unit_id,
                      found_year, template_id, saved, doc, result.months, result.year,
                      result.rating, result.rated, warnings + derived + checked,
                      {k: v for k, v in cached.items() if v not in (None, [])},
                      {"read": warnings, "checked": checked})


def _older_versions(name: str, named: Mapping[str, Any], stamped: Mapping[str, tuple[str, str]],
                   frameworks: Mapping[str, Any]) -> list[Message]:
    """The versions a workbook was made with, where they are not the current ones: one
    warning for an older template (naming its frameworks' versions), else one for each
    framework changed since."""
    changed = {fid: version for fid, (version, digest) in sorted(stamped.items())
               if fid in frameworks and digest != framework_hash(frameworks[fid])}
    made = named.get(layout.meta_name("template_version"))
    if made != layout.TEMPLATE_VERSION:
        versions = ", ".join(f"{fid} {version} → {frameworks[fid]['version']}"
                             for fid, version in changed.items()) or "—"
        return [msg("warn_template_older", file=name, version=made or "—",
                    current=layout.TEMPLATE_VERSION, frameworks=versions)]
    return [msg("warn_framework_changed" if version != frameworks[fid]["version"]
                else "warn_framework_edited", file=name, framework=fid, version=version,
                current=frameworks[fid]["version"]) for fid, version in changed.items()]


def recompute(spec: layout.TemplateSpec, frameworks: Mapping[str, Any], doc: dict[str, Any],
              name: str, subordinate_months: Mapping[str, Mapping[str, bool | None]] | None,
              own: dict[str, engine.PeriodResult] | None = None
              ) -> tuple[assess.Assessment, list[Message]]:
    """A document's results, with a committee's criterion 5 taken from
    ``subordinate_months`` when given (``own``: its months already evaluated as typed), and
    the warnings that depend on them (criterion 5 recomputed, inputs not valid)."""
    warnings: list[Message] = []
    changed = subordinate_months is not None and _override_subordinates(
        doc, frameworks[spec.main], subordinate_months, name, warnings)
    months = own if own is not None and not changed else assess.evaluate_months(
        spec, frameworks, doc)
    result = assess.assess(spec, frameworks, doc, months)
    errors = [e for r in months.values() if r.status == "incomplete" for e in r.errors]
    if errors:
        warnings.append(msg("warn_input_errors", file=name, count=len(errors),
                            first=errors[0].message))
    for key in layout.PERIODS:
        period = assess.quarter_result(result.rated, key)
        if period is not None and period.status == "incomplete":
            warnings.append(msg("warn_period_errors", file=name, period=msg(f"period_q{key}"
                                if key != "year" else "period_year"),
                                count=len(period.errors), first=period.errors[0].message))
    warnings += [msg("warn_quarters_yearly", file=name, detail=e.message)
                 for e in (result.rated.errors if result.rated else [])]
    return result, warnings


def _address(sender: str | None) -> str | None:
    from email.utils import parseaddr

    return parseaddr(sender)[1].strip().lower() or None if sender else None


def _trust_times(source: Source, saved: str | None, now: str | None,
                 warnings: list[Message], year: int | None = None
                 ) -> tuple[Source, str | None]:
    """The source and save time with every time in the future dropped (and warned about),
    and the save time and e-mail date before the workbook's ``year`` began: a workbook of
    a year cannot be saved or sent before it (a computer's clock reset, or an edit)."""
    import dataclasses

    times = {"saved_at": saved, "date": source.date, "file_time": source.file_time}
    dropped = {}
    if now is not None:
        limit = datetime.fromisoformat(now.replace("Z", "+00:00")).timestamp() \
            + LIMITS.future_hours * 3600
        dropped = {k: v for k, v in times.items() if not _trusted(v, limit)}
        for key, moment in dropped.items():
            warnings.append(msg(f"warn_future_{key}", file=source.name, time=moment))
    if year is not None:
        start = f"{year:04d}-01-01"
        early = {k: v for k, v in times.items() if k in ("saved_at", "date") and v and
                 k not in dropped and v < start}
        for key, moment in early.items():
            warnings.append(msg(f"warn_early_{key}", file=source.name, time=moment, year=year))
        dropped.update(early)
    source = dataclasses.replace(source, **{k: None for k in dropped if k != "saved_at"})
    return source, None if "saved_at" in dropped else saved


def _override_subordinates(doc: dict[str, Any], main: Mapping[str, Any],
                           subordinate_months: Mapping[str, Mapping[str, bool | None]],
                           name: str, warnings: list[Message]) -> bool:
    """Replace derived items (criterion 5) with the share computed from the cells' own
    workbooks; returns True and notes the months where that changes the workbook's value."""
    derived = engine.derived_items(main)
    reading = layout.reading_for(doc)  # a month counts as started as its sheet counts it
    changed = []
    for month, period in doc["periods"].items():
        share = engine.subordinate_share(
            [subordinate_months[cell].get(month) for cell in subordinate_months])
        for item_id in derived:
            typed = any(not reading.empty(v) for k, v in period["values"].items()
                        if k != item_id)
            if typed and period["values"].get(item_id) != share:
                changed.append(int(month))
            period["values"][item_id] = share
    if changed:
        warnings.append(msg("warn_criterion5", file=name,
                            months=", ".join(map(str, sorted(set(changed))))))
    return bool(derived)


def _differences(name: str, named: Mapping[str, Any], targets: Mapping[str, Any],
                 months: Mapping[str, engine.PeriodResult], rated: engine.RatedYear | None,
                 frameworks: Mapping[str, Any]) -> list[Message]:
    """Cached monthly and quarterly results that disagree with the recomputation (a
    workbook saved by a spreadsheet carries them; a formula overwritten by hand shows
    here)."""
    lang = named.get(layout.meta_name("lang")) or "vi"  # the words its formulas write
    return [msg("warn_differs", file=name, sheet=targets[key].sheet,
                cell=targets[key].cells()[i], cached=cached, computed=computed)
            for key, i, cached, computed
            in assess.cached_differences(named, months, lang, rated, frameworks)]
