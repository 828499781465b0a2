"""A fast PNG encoder for figure canvases.

Explorers encode a whole canvas on every change, so encoding is on the critical path. Pillow's PNG
writer at ``compress_level=1`` took about 12 ms for a 700×420 figure on the course's reference machine;
writing the PNG directly (filter type 0 on every row, one zlib stream at level 1) gives a file of the
same size in about half the time, because line-art figures are mostly flat colour and gain nothing from
PNG's adaptive row filters. The output is a standard 8-bit RGB PNG (PNG specification, ISO/IEC 15948).
"""

from __future__ import annotations

import struct
import zlib

import numpy as np
from numpy.typing import NDArray

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def encode_png(rgba: NDArray[np.uint8], level: int = 1) -> bytes:
    """Encode an ``(height, width, 4)`` or ``(height, width, 3)`` uint8 array as an RGB PNG.

    The alpha channel, if any, is dropped (figures are opaque). ``level`` is the zlib level, 0–9.
    """
    if rgba.ndim != 3 or rgba.shape[2] not in (3, 4) or rgba.dtype != np.uint8:
        raise ValueError(f"rgba must be a uint8 array of shape (height, width, 3 or 4); got {rgba.dtype} {rgba.shape}")
    if not 0 <= level <= 9:
        raise ValueError(f"level must be in [0, 9]; got {level}")
    height, width = rgba.shape[:2]
    raw = np.empty((height, width * 3 + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type "None" for every row
    raw[:, 1:].reshape(height, width, 3)[...] = rgba[..., :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, colour type 2 (RGB)
    return (_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw.tobytes(), level))
            + _chunk(b"IEND", b""))
