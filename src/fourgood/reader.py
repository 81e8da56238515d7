"""Untrusted files in (DESIGN invariant 5).

Every file of an inbox is a ``Source``: a workbook file, or a workbook attached to an .eml
or .msg message (sender and date kept). Reading one never runs Excel or a macro and never
modifies it: size limits are checked before any parsing, the bytes are sniffed first
(encrypted OLE, legacy .xls, not a workbook), the zip is checked for bombs, XML is parsed
with defusedxml and values with calamine. Nothing cached in the file is trusted: the
results are recomputed from the raw inputs and any difference is reported.
"""
from __future__ import annotations

import email
import email.policy
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Mapping

from defusedxml import ElementTree as SafeET

from . import assess, engine, layout, namedcells
from .framework import framework_hash
from .messages import Message, clean_text, msg

MB = 1024 * 1024
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xls")
MESSAGE_EXTENSIONS = (".eml", ".msg")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Limits:
    """Checked before parsing: a filled year workbook is ~100 KB."""

    max_bytes: int = 20 * MB          # a workbook or a message on disk
    max_uncompressed: int = 200 * MB  # all zip members together, inflated
    max_ratio: int = 200              # inflated / compressed size of one member
    max_members: int = 2000


LIMITS = Limits()


class Rejected(Exception):
    """A file that cannot be accepted: a stable code and a vi/en message naming it."""

    def __init__(self, code: str, file: str, **params: Any):
        self.code = code
        self.message: Message = msg(f"reject_{code}", file=file, **params)
        super().__init__(self.message.en)


@dataclass
class Source:
    """One candidate workbook and where it came from."""

    name: str                       # path relative to its inbox, "mail.eml › a.xlsx" for mail
    path: str                       # the file on disk (the message, for an attachment)
    file_time: str | None
    attachment: int | None = None   # index among the message's workbook attachments
    sender: str | None = None
    date: str | None = None
    subject: str | None = None

    def read(self) -> bytes:
        """The workbook's bytes (the attachment's, for a message)."""
        if self.attachment is None:
            return _read_limited(Path(self.path), self.name)
        return attachments(Path(self.path), self.name)[self.attachment][1]


def _read_limited(path: Path, name: str) -> bytes:
    size = path.stat().st_size
    if size > LIMITS.max_bytes:
        raise Rejected("too_large", name, size=round(size / MB, 1), limit=LIMITS.max_bytes // MB)
    return path.read_bytes()


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def attachments(path: Path, name: str) -> list[tuple[str, bytes]]:
    """The workbook attachments of an .eml or .msg message, as (file name, bytes)."""
    data = _read_limited(path, name)
    if path.suffix.lower() == ".msg":
        from .msgfile import read_msg

        return [(n, b) for n, b in read_msg(data)["attachments"]
                if n.lower().endswith(WORKBOOK_EXTENSIONS)]
    message = email.message_from_bytes(data, policy=email.policy.default)
    out = []
    for part in message.iter_attachments():
        filename = part.get_filename() or ""
        if filename.lower().endswith(WORKBOOK_EXTENSIONS):
            out.append((filename, part.get_content()))
    return out


def message_headers(path: Path, name: str) -> dict[str, str | None]:
    """Sender, date (UTC, ISO 8601) and subject of an .eml or .msg message."""
    data = _read_limited(path, name)
    if path.suffix.lower() == ".msg":
        from .msgfile import read_msg

        info = read_msg(data)
        return {"sender": info["sender"], "date": info["date"], "subject": info["subject"]}
    message = email.message_from_bytes(data, policy=email.policy.default)
    try:
        date = _iso(parsedate_to_datetime(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    return {"sender": str(message["From"] or "") or None, "date": date,
            "subject": str(message["Subject"] or "") or None}


@dataclass
class Found:
    """What walking the inboxes found: candidate workbooks and files rejected on sight."""

    sources: list[Source] = field(default_factory=list)
    rejected: list[tuple[str, str | None, Rejected]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.sources) + len(self.rejected)


def walk(inboxes: list[Path]) -> Found:
    """Every file under the inboxes (nested folders, sorted): workbooks, the workbook
    attachments of messages, and everything else (to be rejected, never ignored)."""
    found = Found()
    seen: set[Path] = set()  # an inbox given twice, or a file inside another inbox: read once
    for inbox in inboxes:
        files = [inbox] if inbox.is_file() else sorted(p for p in inbox.rglob("*") if p.is_file())
        for path in files:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            name = clean_text(path.name if inbox.is_file() else
                              path.relative_to(inbox).as_posix(), one_line=True)
            stamp = _iso(datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc))
            if path.suffix.lower() in MESSAGE_EXTENSIONS:
                try:
                    heads = message_headers(path, name)
                    parts = attachments(path, name)
                except Rejected as exc:
                    found.rejected.append((name, stamp, exc))
                    continue
                except Exception as exc:  # a malformed message is reported, not fatal
                    found.rejected.append((name, stamp, Rejected(
                        "unreadable_message", name, detail=type(exc).__name__)))
                    continue
                if not parts:
                    found.rejected.append((name, stamp, Rejected("no_attachment", name)))
                heads = {k: clean_text(v, one_line=True) if isinstance(v, str) else v
                         for k, v in heads.items()}
                for n, (filename, _) in enumerate(parts):
                    found.sources.append(Source(f"{name} › {clean_text(filename, True)}",
                                                str(path), stamp, n, **heads))
            else:
                found.sources.append(Source(name, str(path), stamp))
    return found


def check_bytes(data: bytes, name: str) -> None:
    """Sniff and bound the bytes before any workbook parser sees them."""
    if len(data) > LIMITS.max_bytes:
        raise Rejected("too_large", name, size=round(len(data) / MB, 1),
                       limit=LIMITS.max_bytes // MB)
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
    names = {info.filename for info in members}
    if "xl/workbook.xml" not in names:
        raise Rejected("not_a_workbook", name)


def saved_at(archive: zipfile.ZipFile) -> str | None:
    """The workbook's own save time (docProps/core.xml), UTC ISO 8601."""
    try:
        root = SafeET.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, SafeET.ParseError):
        return None
    node = root.find("{http://purl.org/dc/terms/}modified")
    if node is None or not node.text:
        return None
    try:
        return _iso(datetime.fromisoformat(node.text.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def framework_rows(book) -> dict[str, tuple[str, str]]:
    """Framework id -> (version, sha256) from the _fourgood sheet of an open calamine book."""
    rows = book.get_sheet_by_name("_fourgood").to_python(skip_empty_area=False)
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
    warnings: list[Message]
    cached: dict[str, Any]

    def record(self, frameworks: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
        """The submission record (schemas/submission.schema.json)."""
        spec = layout.TEMPLATES[self.template]
        main = frameworks[spec.main]
        return {
            "unit": self.unit, "year": self.year, "month": None,
            "template": {"id": self.template, "version": layout.TEMPLATE_VERSION},
            "framework": {"id": main["id"], "version": main["version"],
                          "hash": framework_hash(main)},
            "inputs": {k: v for k, v in self.doc["periods"].items()},
            "results": {"months": {k: v.to_dict() for k, v in self.months.items()},
                        "year": {k: v for k, v in self.year_result.to_dict().items()
                                 if k != "periods"},
                        "rating": self.rating.to_dict() if self.rating else None},
            "cached": self.cached,
            "differences": [],
            "provenance": {"file": self.source.name, "sha256": self.sha256, "size": self.size,
                           "saved_at": self.saved_at, "file_time": self.source.file_time,
                           "message": None if self.source.sender is None and
                           self.source.date is None else
                           {"sender": self.source.sender, "date": self.source.date,
                            "subject": self.source.subject,
                            "attachment": self.source.name.split(" › ")[-1]}},
        }


def read_submission(source: Source, data: bytes, roster, frameworks: Mapping[str, Any],
                    year: int | None,
                    subordinate_months: Mapping[str, Mapping[str, bool | None]] | None = None
                    ) -> Submission:
    """Identify, validate and recompute one workbook; raises Rejected.

    ``subordinate_months`` overrides a committee's subordinate-cells sheet with the cells'
    own results ({cell id: {month: four_good}}), as the consolidation computes them."""
    check_bytes(data, source.name)
    import python_calamine

    try:  # one zip handle and one calamine workbook serve every read below
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            targets = namedcells.defined_names(archive)
            saved = saved_at(archive)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:
        raise Rejected("corrupt", source.name, detail=type(exc).__name__) from None
    configs = [n for n in book.sheet_names if n.lower().endswith(".conf")]
    if configs:  # an xlwings config sheet could point Excel's add-in at another Python
        book.close()
        raise Rejected("config_sheet", source.name, sheet=configs[0])
    try:
        named = namedcells.read_book(book, targets)
        stamped = framework_rows(book) if "FG_META_template_id" in named else {}
    except Exception as exc:
        raise Rejected("corrupt", source.name, detail=type(exc).__name__) from None
    finally:
        book.close()
    template_id = named.get(layout.meta_name("template_id"))
    if template_id not in layout.TEMPLATES:
        raise Rejected("not_a_template", source.name)
    spec = layout.TEMPLATES[template_id]
    if spec.main is None:  # a consolidation workbook has no self-assessment of its own
        raise Rejected("consolidation_workbook", source.name)
    unit_id = named.get(layout.meta_name("unit_id")) or named.get(layout.info_name("unit_id"))
    if unit_id not in roster.units:
        raise Rejected("unknown_unit", source.name, unit=unit_id or "—")
    unit = roster[unit_id]
    if layout.TEMPLATE_FOR_TYPE[unit.type].id != template_id:
        from .roster import TYPE_TITLES

        raise Rejected("wrong_template", source.name, unit=unit_id,
                       type=TYPE_TITLES[unit.type], template=spec.file_name)
    found_year = named.get(layout.info_name("year")) or named.get(layout.meta_name("year"))
    try:
        found_year = int(found_year)
    except (TypeError, ValueError):
        found_year = None
    if year is not None and found_year != year:
        raise Rejected("wrong_year", source.name, found=found_year or "—", year=year)
    warnings: list[Message] = []
    for framework_id, (_, digest) in sorted(stamped.items()):
        if framework_id in frameworks and digest != framework_hash(frameworks[framework_id]):
            warnings.append(msg("warn_framework_changed", file=source.name,
                                framework=framework_id))
    doc = layout.names_to_document(spec, frameworks, named)
    own = assess.evaluate_months(spec, frameworks, doc)  # what the workbook's formulas show
    months = own
    if subordinate_months is not None and _override_subordinates(
            doc, frameworks[spec.main], subordinate_months, source.name, warnings):
        months = assess.evaluate_months(spec, frameworks, doc)
    result = assess.assess(spec, frameworks, doc, months)
    rating, year_result = result.rating, result.year
    errors = [e for r in months.values() if r.status == "incomplete" for e in r.errors]
    if errors:
        warnings.append(msg("warn_input_errors", file=source.name, count=len(errors),
                            first=errors[0].message))
    cached = {k: v for k, v in named.items() if k.startswith(("FG_R_", "FG_RY_"))}
    warnings += _differences(source.name, named, targets, own)
    return Submission(source, hashlib.sha256(data).hexdigest(), len(data), unit_id,
                      found_year, template_id, saved, doc, months, year_result, rating,
                      warnings, {k: v for k, v in cached.items() if v not in (None, [])})


def _override_subordinates(doc: dict[str, Any], main: Mapping[str, Any],
                           subordinate_months: Mapping[str, Mapping[str, bool | None]],
                           name: str, warnings: list[Message]) -> bool:
    """Replace derived items (criterion 5) with the share computed from the cells' own
    workbooks; returns True and notes the months where that changes the workbook's value."""
    derived = engine.derived_items(main)
    changed = []
    for month, period in doc["periods"].items():
        share = engine.subordinate_share(
            [subordinate_months[cell].get(month) for cell in subordinate_months])
        for item_id in derived:
            typed = any(v not in (None, "") for k, v in period["values"].items() if k != item_id)
            if typed and period["values"].get(item_id) != share:
                changed.append(int(month))
            period["values"][item_id] = share
    if changed:
        warnings.append(msg("warn_criterion5", file=name,
                            months=", ".join(map(str, sorted(set(changed))))))
    return bool(derived)


def _differences(name: str, named: Mapping[str, Any], targets: Mapping[str, Any],
                 months: Mapping[str, engine.PeriodResult]) -> list[Message]:
    """Cached monthly results that disagree with the recomputation (a workbook saved by a
    spreadsheet carries them; a formula overwritten by hand shows here)."""
    lang = named.get(layout.meta_name("lang")) or "vi"  # the words its formulas write
    return [msg("warn_differs", file=name, sheet=targets[key].sheet,
                cell=targets[key].cells()[i], cached=cached, computed=computed)
            for key, i, cached, computed in assess.cached_differences(named, months, lang)]
