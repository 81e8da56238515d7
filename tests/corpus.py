"""A generated corpus of hostile and mistaken received files, one or more per class of
fault a consolidation has met (no checked-in binaries: everything is made from the sample).

``build(folder)`` writes the files and returns {entry name: what it is}. Workbooks that
claim a sample unit carry an older save time than the sample's, so that none of them may
become that unit's current submission, and come after the sample's own e-mail of that
workbook (a month counts from the first copy carrying it): the sample's figures must come
out unchanged.
"""
from __future__ import annotations

import base64
import email
import email.policy
import io
import os
import random
import re
import string
import tempfile
import urllib.parse
import zipfile
from datetime import date
from pathlib import Path
from typing import Callable

from fourgood import namedcells, roster as rosters, templates
from conftest import SAMPLES

ROSTER = SAMPLES / "roster-lao-cai-2024.json"
INBOX = SAMPLES / "inbox-lao-cai-2024"
CELL = "cb-y-te-khoa-kham-benh"       # a cell of the sample, e-mailed on 3 April
COMMITTEE = "dbcs-phuong-kim-tan"     # a committee of the sample
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def sample_workbook(stem: str) -> bytes:
    """The workbook attached to the sample e-mail whose name ends with ``stem``."""
    path = next((INBOX / "thu-den").glob(f"*_{stem}.eml"))
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    return next(message.iter_attachments()).get_content()


def edit(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """The workbook with one zip part's text changed."""
    return raw_edit(data, part, lambda body: change(body.decode("utf-8")).encode("utf-8"))


def raw_edit(data: bytes, part: str, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with one zip part's bytes changed."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol%s;" % (n - 1 or "")) * 10}">' for n in range(1, 10))
          + "]>")


def entity_bomb(xml: str, encoding: str = "utf-8") -> bytes:
    """An XML part with a billion-laughs DTD before its root and the entity in it."""
    head, _, body = xml.partition("?>")
    body = body.replace("</definedNames>", "<definedName name=\"B\">&lol9;</definedName>"
                        "</definedNames>", 1)
    return (f'<?xml version="1.0"?>{LAUGHS}{body}' if head else LAUGHS + xml).encode(encoding)


def external_entity(xml: str) -> bytes:
    """An XML part that pulls in a file of the reading machine through an entity."""
    head, _, body = xml.partition("?>")
    return (head + '?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
            + body.replace("</dc:creator>", "&ext;</dc:creator>", 1)).encode()


def sheet_part(data: bytes, sheet: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return namedcells.sheet_parts(archive)[sheet]


def saved(data: bytes, moment: str) -> bytes:
    """The workbook with its own save time (docProps/core.xml) set to ``moment``."""
    return edit(data, "docProps/core.xml", lambda x: re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{moment}", x))


def older(data: bytes) -> bytes:
    return saved(data, "2020-01-01T00:00:00Z")


def named(data: bytes, values: dict) -> bytes:
    """The workbook with values written through its defined names."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "a.xlsx"), Path(tmp, "b.xlsx")
        src.write_bytes(data)
        namedcells.write(src, values, dst)
        return dst.read_bytes()


def rename_target(data: bytes, name: str, target: str) -> bytes:
    return edit(data, "xl/workbook.xml", lambda x: re.sub(
        rf'(<definedName\b[^>]*\bname="{name}"[^>]*>)[^<]*', lambda m: m[1] + target, x))


def add_name(data: bytes, name: str, target: str) -> bytes:
    return edit(data, "xl/workbook.xml", lambda x: x.replace(
        "</definedNames>", f'<definedName name="{name}">{target}</definedName></definedNames>'))


def far_cell(data: bytes, ref: str) -> bytes:
    """One more cell, at ``ref``, on the self-assessment sheet."""
    row = re.sub(r"[A-Z]+", "", ref)
    return edit(data, sheet_part(data, "Tự đánh giá"), lambda x: x.replace(
        "</sheetData>", f'<row r="{row}"><c r="{ref}"><v>1</v></c></row></sheetData>'))


def claimed(data: bytes, ref: str) -> bytes:
    return edit(data, sheet_part(data, "Tự đánh giá"), lambda x: re.sub(
        r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', x))


def mail(attachments: list[tuple[str, bytes]], sender: str = f"<{CELL}@lao-cai.example>",
         date: str = "Wed, 03 Apr 2024 08:00:00 +0000", subject: str = "Báo cáo",
         extra: bytes = b"") -> bytes:
    """A MIME message written byte by byte (the standard library's writer is quadratic in
    a long header, which is what some of these cases are about)."""
    def word(text: str) -> bytes:
        return text.encode() if text.isascii() else b"=?utf-8?b?" + base64.b64encode(
            text.encode()) + b"?="

    out = [b"From: " + word(sender), b"To: btc-thanhuy@lao-cai.example",
           b"Date: " + date.encode(), b"Subject: " + word(subject)]
    out += [extra] if extra else []
    out += [b"MIME-Version: 1.0", b'Content-Type: multipart/mixed; boundary="=fg="', b"",
            b"--=fg=", b"Content-Type: text/plain; charset=utf-8", b"",
            "Kính gửi Ban Tổ chức.".encode()]
    for filename, payload in attachments:
        out += [b"--=fg=", b"Content-Type: " + "/".join(XLSX).encode(),
                b"Content-Disposition: attachment; filename*=utf-8''"
                + urllib.parse.quote(filename).encode(),
                b"Content-Transfer-Encoding: base64", b"", base64.encodebytes(payload)]
    return b"\n".join(out + [b"--=fg=--", b""])


def many_parts(count: int) -> bytes:
    head = (b"From: a@b.example\nDate: Wed, 03 Apr 2024 08:00:00 +0000\nSubject: x\n"
            b'MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b"\n\n')
    return head + b"--b\n\n" * count + b"--b--\n"


def build(folder: Path) -> dict[str, str]:
    """Write the corpus into ``folder``; returns {entry name relative to it: class}."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(9)
    cell, committee = older(sample_workbook(CELL)), older(sample_workbook(COMMITTEE))
    tree = rosters.load(ROSTER)
    cases: dict[str, tuple[str, bytes]] = {
        # any one file aborted the run
        "diem-la-ngay.xlsx": ("a date typed in a points cell",
                              named(cell, {"FG_M_c1_1": {2: date(2024, 3, 1)}})),
        "so-qua-lon-1e22.xlsx": ("1e22 in a percentage", named(committee, {"FG_M_c3_1": {0: 1e22}})),
        "dbl-max.xlsx": ("DBL_MAX in a points cell",
                         named(cell, {"FG_M_c1_1": {0: 1.7976931348623157e308}})),
        "nam-vo-cuc.xlsx": ("INF as the year", named(cell, {"FG_META_year": float("inf"),
                                                             "FG_INFO_year": float("inf")})),
        "nam-nan.xlsx": ("NaN as the year", named(cell, {"FG_INFO_year": float("nan")})),
        "ten-hai-o.xlsx": ("a FG_META name over two cells",
                           rename_target(cell, "FG_META_template_id", "_fourgood!$B$1:$B$2")),
        "ten-mot-o.xlsx": ("an input name over one cell",
                           rename_target(cell, "FG_M_c1_1", "'Tự đánh giá'!$D$9")),
        "ten-trang-khac.xlsx": ("an input name on another sheet",
                                rename_target(cell, "FG_M_c1_1", "'Thông tin'!$D$9:$O$9")),
        "ten-ngoai.xlsx": ("a stray external name (a genuine workbook)",
                           add_name(cell, "Stray", "[1]Sheet1!$A$1")),
        "ten-khong-co-trang.xlsx": ("a name on a sheet that does not exist",
                                    rename_target(cell, "FG_INFO_unit_id", "'Không có'!$B$4")),
        # text that crashed the outputs
        "o-co-ky-tu-dieu-khien.xlsx": ("control characters in cells",
                                       named(cell, {"FG_INFO_secretary": "Nguyễn_x000B_Văn\x1b[31m"})),
        "chuoi-10-mb.xlsx": ("a 10 MB string in a cell", named(cell, {"FG_INFO_secretary": "".join(
            rng.choices(string.ascii_letters + " ", k=10 * 1024 * 1024))})),
        "\x1b[31mten-tep-dieu-khien\x1b[0m.xlsx": ("escape sequences in a file name", cell),
        # memory and time
        "o-XFD1048576.xlsx": ("one cell at XFD1048576", far_cell(cell, "XFD1048576")),
        "o-A1048576.xlsx": ("one cell at A1048576", far_cell(cell, "A1048576")),
        "o-XFD1.xlsx": ("one cell at XFD1", far_cell(cell, "XFD1")),
        "vung-khai-bao.xlsx": ("a sheet claiming A1:XFD1048576", claimed(cell, "A1:XFD1048576")),
        "ten-ca-trang.xlsx": ("a defined name over A1:XFD1048576", rename_target(
            cell, "FG_INFO_secretary", "'Thông tin'!$A$1:$XFD$1048576")),
        # silently wrong figures
        "nam-2099.xlsx": ("a loose file claiming a unit, saved in 2099",
                          saved(named(cell, {"FG_M_c1_1": {0: 0, 1: 0, 2: 0}}),
                                "2099-01-01T00:00:00Z")),
        "hai-ma-don-vi.xlsx": ("_fourgood and «Thông tin» naming different units",
                               named(cell, {"FG_INFO_unit_id": "cb-y-te-khoa-noi"})),
        # XML bombs and external entities (utf-16 hides the DTD from a byte search)
        "bom-xml.xlsx": ("a billion-laughs DTD in workbook.xml", raw_edit(
            cell, "xl/workbook.xml", lambda x: entity_bomb(x.decode()))),
        "bom-xml-utf16.xlsx": ("a billion-laughs DTD in a UTF-16 workbook.xml", raw_edit(
            cell, "xl/workbook.xml", lambda x: entity_bomb(x.decode(), "utf-16"))),
        "thuc-the-ngoai.xlsx": ("an external entity in docProps/core.xml", raw_edit(
            cell, "docProps/core.xml", lambda x: external_entity(x.decode()))),
        # the city's own workbook
        "tong-hop-thanh-pho.xlsx": ("the city's consolidation workbook", _city(tree)),
        # e-mail
        "tieu-de-khong-lo.eml": ("a 2.8 MB subject of encoded words", mail(
            [("a.xlsx", cell)], subject="=?utf-8?q?a?= " * 200_000)),
        "tieu-de-vua.eml": ("a 200 KB subject of encoded words", mail(
            [("b.xlsx", cell)], subject="=?utf-8?q?a?= " * 14_000)),
        "nguoi-gui-1mb.eml": ("a 1.2 MB From list", mail(
            [("c.xlsx", cell)], sender=", ".join(f"u{n}@x.example" for n in range(100_000)))),
        "4000-dinh-kem.eml": ("4,000 attachments", mail([(f"{n}.xlsx", b"PK") for n in range(4000)])),
        "100000-phan.eml": ("100,000 empty MIME parts", many_parts(100_000)),
        "50-dinh-kem-trung.eml": ("50 same-named attachments", mail([("so.xlsx", cell)] * 50)),
        "hai-dinh-kem-cung-ten.eml": ("two different attachments of one name", mail(
            [("so.xlsx", cell), ("so.xlsx", committee)])),
        "thu-2099.eml": ("an e-mail dated 2099", mail([("so.xlsx", sample_workbook(CELL))],
                                                      date="Thu, 01 Jan 2099 00:00:00 +0000")),
        "nguoi-la-gui.eml": ("a sender who is not the unit's contact", mail(
            [("so.xlsx", cell)], sender="Ke gia mao <ke-gia-mao@example.com>")),
        "dinh-kem-ten-dieu-khien.eml": ("control characters in an attachment name",
                                        mail([("a\x1b[2Jb\x07.xlsx", cell)])),
        "thu-hong.eml": ("not a message at all", os.urandom(2000)),
    }
    out = {}
    for name, (what, data) in cases.items():
        (folder / name).write_bytes(data)
        out[name] = what
    cp1258 = os.fsencode(folder) + b"/B\xe1o c\xe1o.xlsx"  # as Windows zip tools name files
    with open(cp1258, "wb") as handle:
        handle.write(cell)
    out[os.fsdecode(cp1258)[len(str(folder)) + 1:]] = "a file name in cp1258 bytes"
    os.mkfifo(folder / "ong-dan.xlsx")
    out["ong-dan.xlsx"] = "a FIFO"
    for name, target, what in (("lien-ket-hong.xlsx", "khong-co.xlsx", "a dangling link"),
                               ("ra-ngoai.xlsx", "/etc/passwd", "a link leaving the inbox"),
                               ("vong-lap", ".", "a looping folder link"),
                               ("lien-ket-trong.xlsx", "dbl-max.xlsx", "a link inside the inbox")):
        os.symlink(target, folder / name)
        out[name] = what
    return out


def _city(tree) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = templates.new_workbook(tree, tree.roots[0].id, 2024, Path(tmp, "city.xlsx"))
        return older(path.read_bytes())
