"""What an evidence file may be: its type, read from its first bytes (the
name and the platform's MIME type are only hints, and are not trusted), and
the reference people see for it (``MC-1a2b3c4d5e6f``: its content hash's
first twelve hex digits). Size is a setting (``DVBOT_MAX_EVIDENCE_BYTES``)."""

from __future__ import annotations

import hashlib

REF_PREFIX = "MC-"
REF_DIGITS = 12

# (first bytes, the type they mean): photos, PDF, Office (zip-based and the
# older binary format), OpenDocument (zip). Anything else is refused.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),  # docx, xlsx, pptx, odt…: told apart by the name
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),  # doc, xls, ppt
)
_ZIP_KINDS = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
}
_OLE_KINDS = {".doc": "application/msword", ".xls": "application/vnd.ms-excel",
              ".ppt": "application/vnd.ms-powerpoint"}
EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "application/pdf": ".pdf", **{v: k for k, v in {**_ZIP_KINDS, **_OLE_KINDS}.items()}}


def sniff(data: bytes, name: str | None = None) -> str | None:
    """The file's type from its content (``None``: not a type evidence may be).
    A zip or OLE file is accepted only as the Office/OpenDocument file its
    name says it is."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    found = next((kind for head, kind in _SIGNATURES if data.startswith(head)), None)
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if name and "." in name else ""
    if found == "application/zip":
        return _ZIP_KINDS.get(suffix)
    if found == "application/x-ole-storage":
        return _OLE_KINDS.get(suffix)
    return found


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def reference(sha256: str) -> str:
    """What people see and type for a stored file: ``MC-`` and 12 hex digits."""
    return REF_PREFIX + sha256[:REF_DIGITS]


def hash_prefix(ref: str) -> str | None:
    """The hash prefix a typed reference names (``MC-1a2b…`` or the bare
    hex, at least 8 digits); ``None`` when it is not one."""
    text = ref.strip().lower()
    if text.startswith(REF_PREFIX.lower()):
        text = text[len(REF_PREFIX):]
    if len(text) < 8 or len(text) > 64 or any(c not in "0123456789abcdef" for c in text):
        return None
    return text
