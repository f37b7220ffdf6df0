"""Re-packing a saved .pptx so that the same deck always gives the same bytes.

python-pptx stamps every zip member with the current time; here each member is rewritten in
the same order with a fixed date, compression and attributes.
"""

from __future__ import annotations

import io
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def repack(data: bytes) -> bytes:
    """`data` (a zip file) with every member's date, system and attributes fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 0
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename), compresslevel=6)
    return out.getvalue()
