"""Every workbook that arrives, however it was wrapped, consolidated through the real
command: signed, opaque-signed and forwarded Outlook messages, messages inside messages,
non-Unicode .msg files, winmail.dat and zip files; encrypted messages refused with their
own reason; hostile nesting and zips refused as that file alone.

How the fixtures are built (once for the module, all small):
- the workbook inside each is a real one: a sample cell's filled workbook (``corpus``);
- .eml messages with Python's ``email`` package, as a mail client writes them;
- S/MIME with ``cryptography``'s PKCS7 builders and a throw-away test certificate (an EC
  key for signing, an RSA key for the encrypted message, which CMS enveloping needs):
  ``multipart/signed`` (detached, as Outlook and Thunderbird send) and opaque-signed
  ``application/pkcs7-mime`` (the signed MIME inside the CMS structure);
- .msg files with ``cfb.Message``, as Outlook lays them out (MS-OXMSG): a signed message is
  class ``IPM.Note.SMIME.MultipartSigned`` whose one attachment, MIME tag
  ``multipart/signed``, holds the whole signed MIME entity; an opaque-signed or encrypted
  one is ``IPM.Note.SMIME`` with ``smime.p7m``; a message forwarded as an attachment is an
  embedded message (attach method 5, ``__substg1.0_3701000D``); an "ANSI" message keeps its
  strings as PT_STRING8 in the code page PR_MESSAGE_CODEPAGE records;
- winmail.dat as MS-OXTNEF lays it out (``tnef`` below): its signature, then attribute
  records, each attachment an attAttachRendData, attAttachTitle and attAttachData;
- zips with ``zipfile``; the 10,000-entry zip of empty stored entries, the deep nestings
  by wrapping one message in the next.
"""
from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest

import corpus
from cfb import Message, ansi
from conftest import SAMPLES, run_cli
from fourgood import consolidate, roster as rosters

ROSTER = SAMPLES / "roster-lao-cai-2024.json"
SENDER = f"{corpus.CELL}@lao-cai.example"
SENT = datetime(2024, 4, 3, 8, 0, tzinfo=timezone.utc)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def eml(attachments: list[tuple[str, bytes, str]], subject: str = "Báo cáo tháng 3",
        sender: str = SENDER) -> EmailMessage:
    """A message with these (name, bytes, MIME type) attachments."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "btc@lao-cai.example", subject
    mail["Date"] = "Wed, 03 Apr 2024 08:00:00 +0000"
    mail.set_content("Kính gửi Ban Tổ chức.")
    for name, data, kind in attachments:
        maintype, subtype = kind.split("/")
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return mail


def tnef(attachments: list[tuple[str, bytes]], short: str | None = None) -> bytes:
    """A winmail.dat: the TNEF signature and legacy key, then for each attachment its
    attAttachRendData, attAttachTitle and attAttachData records (level 2), each with its
    checksum. With ``short``, the title is that 8.3 name and the long name is in the
    attachment's MAPI properties (attAttachment: PR_ATTACH_NUM, then PR_ATTACH_LONG_FILENAME
    as PT_UNICODE), as Outlook writes a long name."""
    def record(level: int, attribute: int, data: bytes) -> bytes:
        return (struct.pack("<BII", level, attribute, len(data)) + data
                + struct.pack("<H", sum(data) & 0xFFFF))

    out = b"\x78\x9f\x3e\x22" + struct.pack("<H", 0x0001)
    out += record(1, 0x00089006, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += record(1, 0x00069007, struct.pack("<II", 1258, 0))    # attOemCodepage
    for name, data in attachments:
        out += record(2, 0x00069002, struct.pack("<HIHHI", 1, 0xFFFFFFFF, 0, 0, 0))
        out += record(2, 0x00018010, (short or name).encode("cp1258", "replace") + b"\0")
        out += record(2, 0x0006800F, data)
        if short:
            text = name.encode("utf-16-le") + b"\0\0"
            props = struct.pack("<IHHI", 2, 0x0003, 0x0E21, 0)
            props += struct.pack("<HHII", 0x001F, 0x3707, 1, len(text))
            props += text + b"\0" * (-len(text) % 4)
            out += record(2, 0x00069005, props)
    return out


def zipped(files: list[tuple[str, bytes]], encoding: str | None = None) -> bytes:
    """A zip of these files; with ``encoding``, the names written in that code page without
    the UTF-8 flag, as Windows Explorer writes them (zipfile would flag UTF-8: each name is
    written as a placeholder of its length, then replaced by its bytes)."""
    out = io.BytesIO()
    names = {}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, data) in enumerate(files):
            if encoding:
                raw = ansi(name, encoding)
                names[raw] = f"{n:0{len(raw)}d}".encode()
                name = names[raw].decode()
            archive.writestr(name, data)
    data = out.getvalue()
    for raw, placeholder in names.items():
        data = data.replace(placeholder, raw)
    return data


@pytest.fixture(scope="module")
def keys():
    """A test CA-less signing certificate (EC) and an encryption certificate (RSA)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID

    def certificate(key, name: str, email: str):
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(SENT - timedelta(days=1))
                .not_valid_after(SENT + timedelta(days=365))
                .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), False)
                .sign(key, hashes.SHA256()))

    signing = ec.generate_private_key(ec.SECP256R1())
    reading = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {"sign": (certificate(signing, "Nguyễn Văn An", SENDER), signing),
            "encrypt": certificate(reading, "Văn phòng Ban Tổ chức", "btc@lao-cai.example")}


def signed(content: EmailMessage, keys, opaque: bool = False) -> bytes:
    """``content`` signed: a detached ``multipart/signed`` MIME entity, or (``opaque``)
    the DER of a CMS SignedData that holds it."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    certificate, key = keys["sign"]
    builder = pkcs7.PKCS7SignatureBuilder().set_data(bytes(content)).add_signer(
        certificate, key, hashes.SHA256())
    if opaque:
        return builder.sign(serialization.Encoding.DER, [])
    return builder.sign(serialization.Encoding.SMIME, [pkcs7.PKCS7Options.DetachedSignature])


def encrypted(content: EmailMessage, keys, encoding) -> bytes:
    from cryptography.hazmat.primitives.serialization import pkcs7

    return pkcs7.PKCS7EnvelopeBuilder().set_data(bytes(content)).add_recipient(
        keys["encrypt"]).encrypt(encoding, [])


def outer(data: bytes) -> bytes:
    """A signed MIME entity as a whole message: headers of the mail around it."""
    return (f"From: {SENDER}\r\nTo: btc@lao-cai.example\r\nSubject: Ky so\r\n"
            "Date: Wed, 03 Apr 2024 08:00:00 +0000\r\n").encode() + data


def nested_eml(depth: int) -> bytes:
    body = bytes(eml([("so.xlsx", b"PK", XLSX)]))
    for _ in range(depth):
        body = (b"From: a@b.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n"
                b"Content-Type: message/rfc822\r\n\r\n" + body)
    return body


def nested_msg(depth: int) -> bytes:
    inner = Message(SENDER, "Gốc", SENT, [("so.xlsx", b"PK")])
    for n in range(depth):
        inner = Message(SENDER, f"Fwd {n}", SENT, [(f"lớp {n}", inner)])
    return inner.bytes()


WORKBOOK = corpus.sample_workbook(corpus.CELL)
VIETNAMESE_NAME = "Sổ tự đánh giá quý I – chi bộ Khám bệnh.xlsx"


def inbox_cases(keys) -> dict[str, tuple[bytes, str | list[str]]]:
    """Entry name -> (its bytes, the names of the workbooks accepted from it, or the code
    of its refusal)."""
    so = ("so.xlsx", WORKBOOK, XLSX)
    with_workbook = eml([so])
    signed_mime = signed(with_workbook, keys)
    smime = "IPM.Note.SMIME"
    forwarded = Message(SENDER, "Báo cáo tháng 3", SENT, [("so.xlsx", WORKBOOK)])
    images = [(f"anh-{n}.png", b"\x89PNG") for n in range(600)]
    bomb = zipped([("so.xlsx", b"\0" * (8 * 1024 * 1024))])
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as archive:
        for n in range(10_000):
            archive.writestr(f"{n}.xlsx", b"")
    return {
        "ky-so.msg": (Message(SENDER, "Ký số", SENT, [
            ("smime.p7m", signed_mime, "multipart/signed")],
            message_class=smime + ".MultipartSigned").bytes(), ["so.xlsx"]),
        "ky-so-dong-goi.msg": (Message(SENDER, "Ký số", SENT, [
            ("smime.p7m", signed(with_workbook, keys, opaque=True), "application/pkcs7-mime")],
            message_class=smime).bytes(), ["so.xlsx"]),
        "ky-so.eml": (outer(signed_mime), ["so.xlsx"]),
        "ky-so-hong.eml": (outer(_broken_signature(signed_mime)), ["so.xlsx"]),
        "chuyen-tiep.msg": (Message("van-phong@kim-tan.example", "Fwd: Báo cáo", SENT, [
            ("chuyển tiếp", forwarded)]).bytes(), ["chuyển tiếp.msg › so.xlsx"]),
        "thu-co-msg.eml": (bytes(eml([("chuyển tiếp.msg", forwarded.bytes(),
                                       "application/vnd.ms-outlook")])),
                           ["chuyển tiếp.msg › so.xlsx"]),
        "msg-co-eml.msg": (Message(SENDER, "Fwd", SENT, [
            ("thư gốc.eml", bytes(with_workbook))]).bytes(), ["thư gốc.eml › so.xlsx"]),
        "winmail.eml": (bytes(eml([("winmail.dat", tnef([("so.xlsx", WORKBOOK)]),
                                    "application/ms-tnef")])), ["winmail.dat › so.xlsx"]),
        "winmail-ten-dai.eml": (bytes(eml([("winmail.dat", tnef([(VIETNAMESE_NAME, WORKBOOK)],
                                                                short="SOTUDA~1.XLS"),
                                            "application/ms-tnef")])),
                                [f"winmail.dat › {VIETNAMESE_NAME}"]),
        "winmail.msg": (Message(SENDER, "TNEF", SENT, [
            ("winmail.dat", tnef([("so.xlsx", WORKBOOK)]))]).bytes(),
            ["winmail.dat › so.xlsx"]),
        "nen.eml": (bytes(eml([("gói.zip", zipped([("so.xlsx", WORKBOOK)]),
                                "application/zip")])), ["gói.zip › so.xlsx"]),
        "windows.zip": (zipped([(VIETNAMESE_NAME, WORKBOOK)], encoding="cp1258"),
                        [VIETNAMESE_NAME]),
        "gói.zip": (zipped([("thư mục/so.xlsx", WORKBOOK), ("ghi-chu.txt", b"x")]),
                    ["thư mục/so.xlsx"]),
        "ansi-1258.msg": (Message(SENDER, "Báo cáo quý I", SENT, [(VIETNAMESE_NAME, WORKBOOK)],
                                  encoding="cp1258", codepage=1258).bytes(), [VIETNAMESE_NAME]),
        "ansi-mac-dinh.msg": (Message(SENDER, "Báo cáo quý I", SENT, [
            (VIETNAMESE_NAME, WORKBOOK)], encoding="cp1258").bytes(), [VIETNAMESE_NAME]),
        "600-anh.msg": (Message(SENDER, "Ảnh", SENT, images + [("so.xlsx", WORKBOOK)]).bytes(),
                        ["so.xlsx"]),
        "ma-hoa.msg": (Message(SENDER, "Mật", SENT, [
            ("smime.p7m", encrypted(with_workbook, keys, _der()), "application/pkcs7-mime")],
            message_class=smime).bytes(), "encrypted_message"),
        "ma-hoa.eml": (outer(encrypted(with_workbook, keys, _smime())), "encrypted_message"),
        "long-100.msg": (nested_msg(100), "message_limits"),
        "long-100.eml": (nested_eml(100), "message_limits"),
        "10000.zip": (many.getvalue(), "zip_bomb"),
        "bom-ky-so.msg": (Message(SENDER, "Ký số", SENT, [
            ("smime.p7m", signed(eml([("bom.zip", bomb, "application/zip")]), keys),
             "multipart/signed")], message_class=smime + ".MultipartSigned").bytes(),
            "zip_bomb"),
    }


def _broken_signature(signed_mime: bytes) -> bytes:
    """The signed message with its signature part's base64 cut to its first line."""
    head, kind, part = signed_mime.rpartition(b"application/x-pkcs7-signature")
    headers, blank, body = part.partition(b"\r\n\r\n")
    _, end, tail = body.partition(b"\r\n\r\n--")
    return head + kind + headers + blank + body[:64] + end + tail


def _der():
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.DER


def _smime():
    from cryptography.hazmat.primitives import serialization

    return serialization.Encoding.SMIME


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


@pytest.fixture(scope="module")
def run(keys, tmp_path_factory):
    """The cases in one inbox, consolidated by the command with a report and a summary."""
    out = tmp_path_factory.mktemp("wrapped")
    inbox = out / "inbox"
    inbox.mkdir()
    cases = inbox_cases(keys)
    for name, (data, _) in cases.items():
        (inbox / name).write_bytes(data)
    before = _hashes(inbox)
    done = run_cli("consolidate", str(inbox), "--roster", str(ROSTER), "-o",
                   str(out / "r.xlsx"), "--json", str(out / "r.json"))
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "r.json").read_text(encoding="utf-8"))
    return {"out": out, "inbox": inbox, "cases": cases, "before": before, "summary": summary}


def test_every_wrapping_gives_its_workbook_named_by_its_path(run):
    accepted = {a["file"] for a in run["summary"]["accepted"]}
    expected = {f"{entry} › {path}" for entry, (_, paths) in run["cases"].items()
                if isinstance(paths, list) for path in paths}
    assert accepted == expected
    units = {a["unit"] for a in run["summary"]["accepted"]}
    assert units == {corpus.CELL}


def test_hostile_and_encrypted_messages_are_refused_with_their_own_reason(run):
    rejected = {r["file"]: r for r in run["summary"]["rejected"]}
    codes = {name.split(" › ")[0]: r["code"] for name, r in rejected.items()}
    assert codes == {entry: code for entry, (_, code) in run["cases"].items()
                     if isinstance(code, str)}
    assert "bom-ky-so.msg › bom.zip" in rejected  # the bomb named where it lay
    encrypted = rejected["ma-hoa.msg"]
    assert "mã hóa" in encrypted["vi"] and "encrypted" in encrypted["en"]
    assert "gửi lại thư không mã hóa" in encrypted["vi"]


def test_a_cp1258_name_and_subject_read_right(run):
    import sqlite3

    rows = sqlite3.connect(run["out"] / "r.sqlite").execute(
        "SELECT source, subject FROM submissions WHERE source LIKE 'ansi-%'").fetchall()
    assert sorted(rows) == [(f"ansi-1258.msg › {VIETNAMESE_NAME}", "Báo cáo quý I"),
                            (f"ansi-mac-dinh.msg › {VIETNAMESE_NAME}", "Báo cáo quý I")]


def test_a_forwarded_workbook_keeps_its_original_sender(run):
    senders = {a["file"]: a["sender"] for a in run["summary"]["accepted"]}
    assert senders["chuyen-tiep.msg › chuyển tiếp.msg › so.xlsx"] == SENDER


def test_the_signer_is_shown_beside_the_sender_as_provenance_only(run):
    signatures = {a["file"]: a["signature"] for a in run["summary"]["accepted"]}
    for name in ("ky-so.msg › so.xlsx", "ky-so-dong-goi.msg › so.xlsx", "ky-so.eml › so.xlsx"):
        assert signatures[name] == {"signer": f"Nguyễn Văn An <{SENDER}>",
                                    "parses": True}, name
    assert signatures["ky-so-hong.eml › so.xlsx"] == {"signer": None, "parses": False}
    assert signatures["nen.eml › gói.zip › so.xlsx"] is None
    sheet = openpyxl.load_workbook(run["out"] / "r.xlsx")["Tệp đã nhận"]
    header = [c.value for c in sheet[7]]
    sender, signature = header.index("Người gửi"), header.index("Chữ ký số")
    assert signature == sender + 1
    rows = {r[1]: r for r in sheet.iter_rows(min_row=8, values_only=True)}
    shown = rows["ky-so.msg › so.xlsx"]
    assert shown[sender] == SENDER
    assert "Nguyễn Văn An" in shown[signature] and "chưa được xác minh" in shown[signature]
    assert "không đọc được" in rows["ky-so-hong.eml › so.xlsx"][signature]


def test_received_files_are_untouched_and_a_rerun_reads_nothing(run):
    assert _hashes(run["inbox"]) == run["before"]
    read: list[int] = []
    with consolidate.consolidate([run["inbox"]], rosters.load(ROSTER), run["out"] / "r.sqlite",
                                 workers=1, progress=lambda done, total: read.append(total)):
        pass
    assert read == []
    assert _hashes(run["inbox"]) == run["before"]
