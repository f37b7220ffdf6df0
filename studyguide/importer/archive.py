"""Budgets for Office files (zip archives) before python-docx or python-pptx opens them."""

from __future__ import annotations

import zipfile

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all members together, as their headers declare
MAX_MEMBERS = 5_000
MAX_RATIO = 200  # a member that unpacks to more than 200 times its packed size is a bomb
MAX_MEMBER_BYTES = 64 * 1024 * 1024


def archive_problem(data: bytes) -> str:
    """Why the Office file `data` is refused ('' when it may be opened)."""
    import io

    if len(data) > MAX_FILE_BYTES:
        return f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "not a valid Office file (it is not a zip archive)"
    if len(members) > MAX_MEMBERS:
        return f"the file holds {len(members):,} parts; the limit is {MAX_MEMBERS:,}"
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES:
            return f"part '{member.filename[:60]}' unpacks to more than 64 MB"
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(
                member.compress_size, 1):
            return f"part '{member.filename[:60]}' is compressed suspiciously well (a zip bomb?)"
    if total > MAX_UNPACKED_BYTES:
        return f"the file unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"
    return ""
