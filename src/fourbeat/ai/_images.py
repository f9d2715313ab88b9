"""Image documents on Pillow: PNG, JPEG and TIFF bytes as pages (a multi-page TIFF has one page
per frame), each decoded to grayscale for OCR.

An image that Pillow cannot decode is a ``BadDocument``; one smaller than 16 pixels on a side
is an ``ImageTooSmall``: Textract reads text at least 15 pixels tall, so a smaller image cannot
hold a line. https://docs.aws.amazon.com/textract/latest/dg/textract-best-practices.html

This module imports only ``fourbeat.ai._errors``.
"""

from __future__ import annotations

import io
from types import TracebackType

from PIL import Image

from fourbeat.ai._errors import BadDocument, ImageTooSmall

MIN_SIDE = 16
"""Pixels; the smallest width or height an image page may have."""

DEFAULT_DPI = 300
"""The resolution assumed for an image that does not state a plausible one."""

_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)
"""What Pillow raises for undecodable, truncated or oversized data (``UnidentifiedImageError``
is an ``OSError``)."""


class ImageFile:
    """Decoded image bytes. Use it as a context manager, or call ``close()``."""

    def __init__(self, data: bytes) -> None:
        try:
            self._image = Image.open(io.BytesIO(data))
            self.page_count: int = getattr(self._image, "n_frames", 1)
        except _DECODE_ERRORS as exc:
            raise BadDocument(f"The image cannot be decoded: {exc}") from exc
        try:
            self._check_size(0)  # the first frame's size is in its header: refuse it at once
        except ImageTooSmall:
            self._image.close()
            raise

    def __enter__(self) -> ImageFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._image.close()

    def page(self, index: int) -> tuple[Image.Image, int]:
        """Page ``index`` (from 0) in grayscale, and its resolution in dots per inch."""
        assert 0 <= index < self.page_count, f"no page {index} in the image"
        try:
            self._image.seek(index)
            self._check_size(index)
            self._image.load()
            return _grayscale(self._image), _dpi(self._image)
        except _DECODE_ERRORS as exc:
            raise BadDocument(f"{self._where(index)} cannot be decoded: {exc}") from exc

    def _check_size(self, index: int) -> None:
        width, height = self._image.size
        if min(width, height) < MIN_SIDE:
            raise ImageTooSmall(
                f"{self._where(index)} is {width}x{height} pixels: too small to hold text "
                f"(at least {MIN_SIDE} pixels on each side are needed)."
            )

    def _where(self, index: int) -> str:
        return f"Page {index + 1} of the image" if self.page_count > 1 else "The image"


def _grayscale(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # Wide samples: scale to 8 bits rather than clip everything above 255 to white.
        extrema = image.getextrema()
        low, high = float(extrema[0]), float(extrema[1])  # type: ignore[arg-type]
        scale = 255 / ((high - low) or 1)
        image = image.point(lambda v: (v - low) * scale, "L")
    elif image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        # Transparent pixels over white, as a viewer shows them.
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    return image.convert("L")


def _dpi(image: Image.Image) -> int:
    dpi = image.info.get("dpi")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if 70 <= value <= 2400 else DEFAULT_DPI
