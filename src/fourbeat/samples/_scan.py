"""Samples without a text layer: a PDF of rendered page images, and scans, pages as a scanner
gives them: turned a little (up to 2 degrees either way), softened, with grain and specks of
dust, at 300 dpi, as PNG, JPEG, multi-page TIFF or a PDF of the scanned images.

Pages are rendered with pypdfium2 (the same renderer that reads them). The noise comes from a
seeded ``random.Random`` through Pillow, so a scan is the same for the same seed. A scan's
truth boxes are the boxes of the original words turned with the page.

This module imports only ``fourbeat.ai._model``, ``fourbeat.samples._pen`` and
``fourbeat.samples._truth``.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, replace

import pypdfium2
from PIL import Image, ImageChops, ImageFilter

from fourbeat.ai._model import BoundingBox
from fourbeat.samples._pen import Pen
from fourbeat.samples._truth import (
    Cell,
    Checkbox,
    Field,
    PageTruth,
    Sample,
    SampleFormat,
    TruthWord,
)


@dataclass(frozen=True, slots=True)
class Noise:
    """How rough a scan is."""

    max_rotation: float = 2.0
    """Degrees; each page turns by a uniform amount up to this either way."""
    grain: float = 14.0
    """The grain's standard deviation, in gray levels (of 255)."""
    blur: float = 0.7
    """Gaussian blur radius in pixels."""
    specks: float = 0.003
    """Share of pixels hit by a dark speck."""


CLEAN = Noise(max_rotation=0.0, grain=0.0, blur=0.0, specks=0.0)


def render(sample: Sample, dpi: int) -> list[Image.Image]:
    """Each page of a PDF sample as a grayscale image at ``dpi``."""
    assert sample.format == "pdf", f"only a PDF sample renders, not {sample.format}"
    pdf = pypdfium2.PdfDocument(sample.data)
    try:
        images = []
        for page in pdf:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            images.append(bitmap.to_pil().convert("L"))
            bitmap.close()
            page.close()
        return images
    finally:
        pdf.close()


def rasterize(sample: Sample, *, dpi: int = 150) -> Sample:
    """The same document as a PDF of page images at ``dpi``: it looks the same, with no text
    layer; the truth is unchanged."""
    images = render(sample, dpi)
    return replace(sample, data=_image_pdf(images, sample.pages), text_layer=False)


def scan(
    sample: Sample,
    *,
    seed: int | None = None,
    dpi: int = 300,
    output: SampleFormat = "png",
    noise: Noise = Noise(),
) -> Sample:
    """``sample`` scanned: a PNG or JPEG (one page only), a TIFF or a PDF (any pages).

    The truth's sizes become pixels (points, for a PDF), its boxes turned with each page.
    ``seed`` defaults to the sample's own."""
    assert output == "tiff" or output == "pdf" or len(sample.pages) == 1, (
        f"a {len(sample.pages)}-page sample scans to TIFF or PDF, not {output}"
    )
    rng = random.Random(f"scan-{sample.seed if seed is None else seed}")
    images, pages = [], []
    for image, truth in zip(render(sample, dpi), sample.pages, strict=True):
        angle = rng.uniform(-noise.max_rotation, noise.max_rotation)
        images.append(_roughen(image, angle, noise, rng))
        pages.append(_turned(truth, angle, image.size, output == "pdf"))
    data = _encode(images, output, dpi, tuple(pages))
    return replace(sample, data=data, format=output, text_layer=False, pages=tuple(pages))


def _roughen(image: Image.Image, angle: float, noise: Noise, rng: random.Random) -> Image.Image:
    if angle:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    if noise.blur:
        image = image.filter(ImageFilter.GaussianBlur(noise.blur))
    if noise.grain:
        image = ImageChops.add(image, _grain(image.size, noise.grain, rng), offset=-128)
    if noise.specks:
        cut = max(1, round(noise.specks * 256))
        hits = _uniform(image.size, rng).point(lambda v: 0 if v < cut else 255)
        image = ImageChops.darker(image, hits)
    return image


def _grain(size: tuple[int, int], sigma: float, rng: random.Random) -> Image.Image:
    """Noise around 128 with standard deviation ``sigma``: the mean of four uniform images
    is close enough to a normal distribution (its deviation is 73.6 / 2 = 36.8)."""
    mean = _uniform(size, rng)
    for k in range(2, 5):
        mean = Image.blend(mean, _uniform(size, rng), 1 / k)
    scale = sigma / 36.8
    return mean.point(lambda v: 128 + (v - 127.5) * scale)


def _uniform(size: tuple[int, int], rng: random.Random) -> Image.Image:
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def _turned(truth: PageTruth, angle: float, size: tuple[int, int], points: bool) -> PageTruth:
    """``truth`` on a page turned ``angle`` degrees anticlockwise (as ``Image.rotate``)."""
    width, height = size

    def turn(box: BoundingBox) -> BoundingBox:
        return _turn_box(box, math.radians(angle), width, height)

    return replace(
        truth,
        width=truth.width if points else width,
        height=truth.height if points else height,
        words=tuple(TruthWord(w.text, turn(w.box)) for w in truth.words),
        fields=tuple(
            Field(f.key, f.value, turn(f.key_box), f.value_box and turn(f.value_box))
            for f in truth.fields
        ),
        tables=tuple(
            tuple(Cell(c.row, c.column, c.text, turn(c.box)) for c in table)
            for table in truth.tables
        ),
        checkboxes=tuple(Checkbox(c.label, c.selected, turn(c.box)) for c in truth.checkboxes),
    )


def _turn_box(box: BoundingBox, angle: float, width: int, height: int) -> BoundingBox:
    if not angle:
        return box
    cx, cy = width / 2, height / 2
    cos, sin = math.cos(angle), math.sin(angle)
    xs, ys = [], []
    for x, y in box.polygon():
        dx, dy = x * width - cx, y * height - cy
        xs.append((cx + dx * cos + dy * sin) / width)
        ys.append((cy - dx * sin + dy * cos) / height)
    return BoundingBox.from_edges(min(xs), min(ys), max(xs), max(ys))


def _encode(
    images: list[Image.Image], output: SampleFormat, dpi: int, pages: tuple[PageTruth, ...]
) -> bytes:
    buffer = io.BytesIO()
    match output:
        case "png":
            images[0].save(buffer, format="PNG", dpi=(dpi, dpi), compress_level=1)
        case "jpeg":
            images[0].save(buffer, format="JPEG", dpi=(dpi, dpi), quality=85)
        case "tiff":
            images[0].save(
                buffer,
                format="TIFF",
                dpi=(dpi, dpi),
                compression="tiff_deflate",
                save_all=True,
                append_images=images[1:],
            )
        case "pdf":
            return _image_pdf(images, pages)
    return buffer.getvalue()


def _image_pdf(images: list[Image.Image], pages: tuple[PageTruth, ...]) -> bytes:
    pen = Pen(pages[0].width, pages[0].height)
    for k, (image, truth) in enumerate(zip(images, pages, strict=True)):
        if k:
            pen.new_page((truth.width, truth.height))
        pen.pdf.image(image, x=0, y=0, w=truth.width, h=truth.height)
    return pen.output()
