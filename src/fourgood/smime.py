"""What an S/MIME message's CMS structure (RFC 5652) says, read from untrusted bytes: its
kind (signed or encrypted), the content an opaque-signed message carries, and who signed it.

A small bounded reader of BER/DER (definite and indefinite lengths, at most ``MAX_DEPTH``
levels and ``MAX_NODES`` elements); certificates are read with ``cryptography``. Nothing here
verifies a signature: it says who the signature claims signed, and whether its structure
parses.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SIGNED_DATA = bytes.fromhex("2A864886F70D010702")
ENVELOPED_DATA = bytes.fromhex("2A864886F70D010703")
AUTH_ENVELOPED_DATA = bytes.fromhex("2A864886F70D0109100117")
MAX_DEPTH, MAX_NODES = 64, 200_000
SEQUENCE = 0x30


@dataclass
class Node:
    tag: int                    # the identifier octet (low tag numbers only)
    value: bytes = b""          # a primitive's content
    kids: list["Node"] | None = None  # a constructed element's elements

    def octets(self) -> bytes:
        """The content of an OCTET STRING, primitive or constructed (BER)."""
        return self.value if self.kids is None else b"".join(k.octets() for k in self.kids)


def parse(data: bytes) -> Node:
    """The first element of ``data``; raises ValueError on anything malformed or too big."""
    count = [0]

    def element(pos: int, depth: int) -> tuple[Node, int]:
        count[0] += 1
        if depth > MAX_DEPTH or count[0] > MAX_NODES or pos + 2 > len(data):
            raise ValueError("CMS structure too deep, too big or cut short")
        tag, first = data[pos], data[pos + 1]
        if tag & 0x1F == 0x1F:
            raise ValueError("high tag numbers are not used by CMS")
        pos += 2
        if first == 0x80:  # indefinite length: elements up to an end-of-contents
            if not tag & 0x20:
                raise ValueError("indefinite length on a primitive")
            kids = []
            while data[pos:pos + 2] != b"\0\0":
                kid, pos = element(pos, depth + 1)
                kids.append(kid)
            return Node(tag, kids=kids), pos + 2
        if first & 0x80:
            size = first & 0x7F
            if size > 4 or pos + size > len(data):
                raise ValueError("bad length")
            length, pos = int.from_bytes(data[pos:pos + size], "big"), pos + size
        else:
            length = first
        end = pos + length
        if end > len(data):
            raise ValueError("element runs past the end")
        if not tag & 0x20:
            return Node(tag, data[pos:end]), end
        kids = []
        while pos < end:
            kid, pos = element(pos, depth + 1)
            kids.append(kid)
        return Node(tag, kids=kids), end

    return element(0, 0)[0]


def kind(data: bytes) -> str | None:
    """"signed", "encrypted" or None (not a CMS ContentInfo, or another content type)."""
    try:
        info = parse(data)
        oid = info.kids[0].value if info.tag == SEQUENCE and info.kids else b""
    except (ValueError, IndexError, TypeError):
        return None
    if oid == SIGNED_DATA:
        return "signed"
    if oid in (ENVELOPED_DATA, AUTH_ENVELOPED_DATA):
        return "encrypted"
    return None


def _signed_data(data: bytes) -> Node:
    info = parse(data)
    if info.tag != SEQUENCE or info.kids[0].value != SIGNED_DATA or info.kids[1].tag != 0xA0:
        raise ValueError("not CMS SignedData")
    return info.kids[1].kids[0]


def signed_content(data: bytes) -> bytes | None:
    """The content an opaque-signed message carries (its encapsulated MIME entity), or
    None when it holds none (certificates only); raises ValueError when the structure does
    not parse."""
    try:
        encap = _signed_data(data).kids[2]
        wrapped = [k for k in encap.kids[1:] if k.tag == 0xA0]
        return wrapped[0].kids[0].octets() if wrapped else None
    except (IndexError, TypeError, AttributeError):
        raise ValueError("not a CMS SignedData") from None


def _who(certificate: Any) -> str:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    def first(oid) -> str | None:
        found = certificate.subject.get_attributes_for_oid(oid)
        return str(found[0].value) if found else None

    email = first(NameOID.EMAIL_ADDRESS)
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        email = next(iter(names.value.get_values_for_type(x509.RFC822Name)), email)
    except x509.ExtensionNotFound:
        pass
    name = first(NameOID.COMMON_NAME)
    return " ".join(filter(None, (name, f"<{email}>" if email else None))) or \
        certificate.subject.rfc4514_string()


def signature_facts(data: bytes) -> dict[str, Any]:
    """Who a CMS SignedData says signed it (the certificate its first signer names) and
    whether its structure parses. Nothing is verified: ``cryptography`` has no CMS
    signature verification, and a home-made one would be trusted more than it deserves."""
    from cryptography.hazmat.primitives.serialization import pkcs7

    try:
        signed = _signed_data(data)
        sid = signed.kids[-1].kids[0].kids[1]  # signerInfos: the first SignerInfo's sid
        serial = int.from_bytes(sid.kids[1].value, "big", signed=True) \
            if sid.tag == SEQUENCE else None
        certificates = pkcs7.load_der_pkcs7_certificates(data)
        certificate = next(c for c in certificates if c.serial_number == serial)
        return {"signer": _who(certificate), "parses": True}
    except Exception:  # noqa: BLE001 - any malformation: the structure does not parse
        return {"signer": None, "parses": False}
