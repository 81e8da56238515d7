"""A small reader of Outlook .msg messages over olefile (BSD licence; extract-msg is GPL).

Reads what consolidation needs: sender, submit date, subject and the attachments
(MS-OXMSG: ``__substg1.0_*`` streams, ``__properties_version1.0``, ``__attach_version1.0_#*``
storages).
"""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import Any

import olefile

PR_SUBJECT = "0037"
PR_SENDER_EMAIL = ("0C1F", "0065", "5D01")
PR_SENDER_NAME = ("0C1A", "0042")
PR_CLIENT_SUBMIT_TIME = 0x0039
PR_MESSAGE_DELIVERY_TIME = 0x0E06
PT_SYSTIME = 0x0040
ATTACH_LONG_FILENAME, ATTACH_FILENAME, ATTACH_DATA = "3707", "3704", "37010102"


def _string(ole: olefile.OleFileIO, storage: str, prop: str) -> str | None:
    for kind, encoding in (("001F", "utf-16-le"), ("001E", "cp1252")):
        path = f"{storage}__substg1.0_{prop}{kind}"
        if ole.exists(path):
            return ole.openstream(path).read().decode(encoding, "replace").rstrip("\x00")
    return None


def _submit_time(ole: olefile.OleFileIO) -> str | None:
    if not ole.exists("__properties_version1.0"):
        return None
    data = ole.openstream("__properties_version1.0").read()
    found: dict[int, int] = {}
    for offset in range(32, len(data) - 15, 16):  # 32-byte header of a top-level message
        tag = int.from_bytes(data[offset:offset + 4], "little")
        if tag & 0xFFFF == PT_SYSTIME:
            found[tag >> 16] = int.from_bytes(data[offset + 8:offset + 16], "little")
    filetime = found.get(PR_CLIENT_SUBMIT_TIME) or found.get(PR_MESSAGE_DELIVERY_TIME)
    if not filetime:
        return None
    moment = datetime(1601, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=filetime // 10)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_msg(data: bytes, max_attachments: int) -> dict[str, Any]:
    """Sender, date (UTC ISO 8601), subject and [(file name, bytes)] of a .msg message;
    attachments None (and their ``count``) when there are more than ``max_attachments``."""
    ole = olefile.OleFileIO(io.BytesIO(data))
    try:
        sender = next((s for p in PR_SENDER_EMAIL if (s := _string(ole, "", p))), None)
        sender = sender or next((s for p in PR_SENDER_NAME if (s := _string(ole, "", p))), None)
        storages = sorted({entry[0] for entry in ole.listdir(streams=True, storages=False)
                           if len(entry) > 1 and entry[0].startswith("__attach_version1.0_#")})
        if len(storages) > max_attachments:
            return {"sender": sender, "date": None, "subject": None, "attachments": None,
                    "count": len(storages)}
        attachments = []
        for storage in storages:
            prefix = storage + "/"
            name = (_string(ole, prefix, ATTACH_LONG_FILENAME)
                    or _string(ole, prefix, ATTACH_FILENAME) or storage)
            path = f"{prefix}__substg1.0_{ATTACH_DATA}"
            if ole.exists(path):
                attachments.append((name, ole.openstream(path).read()))
        return {"sender": sender, "date": _submit_time(ole),
                "subject": _string(ole, "", PR_SUBJECT), "attachments": attachments}
    finally:
        ole.close()
