"""Uploaded files are judged by their content, capped in size, and never stored under the name a user gave."""

from __future__ import annotations

import base64
import binascii
import io
import re
import tempfile
import uuid
import zipfile
from pathlib import Path

from data.core import settings


class UploadRefused(ValueError):
    """An upload that is not what it claims or is too large; the message is safe to show."""


def max_bytes() -> int:
    return int(float(settings.get("MAX_UPLOAD_MB")) * 1024 * 1024)


def decode_dash_contents(contents: str) -> bytes:
    """The bytes of a dcc.Upload `contents` value (`data:<type>;base64,<data>`), refusing oversized ones."""
    _, _, payload = (contents or "").partition(",")
    if len(payload) * 3 // 4 > max_bytes():
        raise UploadRefused(f"The file is larger than {settings.get('MAX_UPLOAD_MB')} MB.")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise UploadRefused("The file could not be read.") from None


def sniff(data: bytes) -> str:
    """`xlsx` or `csv` by content, whatever the file's name says; raises UploadRefused otherwise."""
    if len(data) > max_bytes():
        raise UploadRefused(f"The file is larger than {settings.get('MAX_UPLOAD_MB')} MB.")
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            raise UploadRefused("The file is not a readable Excel workbook.") from None
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
        raise UploadRefused("The file is a zip archive but not an Excel workbook.")
    if b"\x00" in data[:8192]:
        raise UploadRefused("The file is neither an Excel workbook nor a CSV text file.")
    try:
        data[:65536].decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data[:65536].decode("cp1252")
        except UnicodeDecodeError:
            raise UploadRefused("The file is neither an Excel workbook nor a CSV text file.") from None
    return "csv"


def display_name(filename: str | None) -> str:
    """The user's file name made safe to show (basename only, plain characters, at most 100 long)."""
    base = re.split(r"[\\/]", filename or "")[-1]
    return re.sub(r"[^\w .()-]", "_", base)[:100] or "upload"


def save_temporary(data: bytes, kind: str, folder: Path | None = None) -> Path:
    """Write the bytes under a random server-chosen name (`<uuid>.<kind>`) in a private temp folder."""
    if kind not in ("xlsx", "csv"):
        raise UploadRefused("Unsupported file type.")
    folder = Path(folder or tempfile.mkdtemp(prefix="upload-"))
    path = folder / f"{uuid.uuid4().hex}.{kind}"
    path.write_bytes(data)
    return path
