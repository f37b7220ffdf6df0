"""Writing a deck's .pptx so that the same deck always gives the same bytes, in one pass.

python-pptx stamps every zip member with the current time. Here its own PackageWriter lays out
the package (content types, package relationships, then each part and its relationships, in
its order), and each member goes straight into the zip with a fixed date, compression and
attributes, instead of saving the deck and re-packing the saved zip member by member.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
COMPRESS_LEVEL = 6


def fixed_member(name: str) -> zipfile.ZipInfo:
    """The zip entry of member `name`: fixed date, system and attributes, deflated."""
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0o600 << 16
    return info


class _FixedZipWriter:
    """python-pptx's physical package writer interface (`write(pack_uri, blob)`), onto a
    zip whose every member is a fixed_member."""

    def __init__(self, target: zipfile.ZipFile) -> None:
        self._target = target

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self._target.writestr(fixed_member(pack_uri.membername), blob,
                              compresslevel=COMPRESS_LEVEL)


def pptx_bytes(prs: Any) -> bytes:
    """The .pptx bytes of presentation `prs`, every member fixed (see the module docstring)."""
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        writer = PackageWriter(out, package._rels, tuple(package.iter_parts()))
        # PackageWriter._write with our physical writer in place of its zip writer
        members = _FixedZipWriter(target)
        writer._write_content_types_stream(members)
        writer._write_pkg_rels(members)
        writer._write_parts(members)
    return out.getvalue()
