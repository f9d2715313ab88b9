"""Image documents: every frame of a TIFF is a page, pages are grayscale, and an image too
small or undecodable is refused with the engine's error."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from fourbeat.ai import BadDocument, ImageFile, ImageTooSmall


def _encode(images: list[Image.Image], kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    images[0].save(
        buffer, format=kind, save_all=len(images) > 1, append_images=images[1:], **options
    )
    return buffer.getvalue()


def test_each_tiff_frame_is_a_page() -> None:
    frames = [Image.new("L", (40 + 10 * k, 30), 255 - 60 * k) for k in range(3)]
    with ImageFile(_encode(frames, "TIFF")) as image:
        assert image.page_count == 3
        pages = [image.page(k)[0] for k in range(3)]
    assert [p.size for p in pages] == [(40, 30), (50, 30), (60, 30)]
    assert [p.getpixel((0, 0)) for p in pages] == [255, 195, 135]


def test_pages_are_grayscale_with_their_resolution() -> None:
    rgb = Image.new("RGB", (64, 48), (255, 0, 0))
    with ImageFile(_encode([rgb], "PNG", dpi=(200, 200))) as image:
        page, dpi = image.page(0)
    assert page.mode == "L"
    assert dpi == 200
    assert page.getpixel((0, 0)) == 76  # red's luminance (ITU-R 601-2)


def test_an_implausible_resolution_falls_back_to_300_dpi() -> None:
    with ImageFile(_encode([Image.new("L", (64, 48), 255)], "PNG", dpi=(1, 1))) as image:
        assert image.page(0)[1] == 300


def test_transparent_pixels_are_read_as_white_paper() -> None:
    clear = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    with ImageFile(_encode([clear], "PNG")) as image:
        assert image.page(0)[0].getextrema() == (255, 255)


def test_sixteen_bit_samples_are_scaled_not_clipped() -> None:
    wide = Image.new("I;16", (32, 32), 1000)
    wide.paste(40000, (0, 0, 16, 32))
    with ImageFile(_encode([wide], "PNG")) as image:
        page = image.page(0)[0]
    assert (page.getpixel((0, 0)), page.getpixel((31, 0))) == (255, 0)


@pytest.mark.parametrize("size", [(1, 1), (15, 400), (400, 15)])
def test_an_image_smaller_than_a_line_of_text_is_too_small(size: tuple[int, int]) -> None:
    with pytest.raises(ImageTooSmall, match=f"The image is {size[0]}x{size[1]} pixels"):
        ImageFile(_encode([Image.new("L", size, 255)], "PNG"))


def test_a_tiff_page_too_small_is_refused_by_its_number() -> None:
    frames = [Image.new("L", (64, 64), 255), Image.new("L", (8, 64), 255)]
    with ImageFile(_encode(frames, "TIFF")) as image:
        assert image.page(0)[0].size == (64, 64)
        with pytest.raises(ImageTooSmall, match="Page 2 of the image is 8x64 pixels"):
            image.page(1)


def test_truncated_image_is_a_bad_document() -> None:
    data = _encode([Image.effect_noise((200, 200), 64).convert("L")], "PNG")
    with ImageFile(data[: len(data) // 2]) as image, pytest.raises(BadDocument):
        image.page(0)


def test_undecodable_image_is_a_bad_document() -> None:
    with pytest.raises(BadDocument, match="cannot be decoded"):
        ImageFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
