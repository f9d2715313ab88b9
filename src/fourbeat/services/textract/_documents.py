"""Documents in, pages out: Textract's input limits, and the engines' errors as Textract's.

Textract reads PDF, PNG, JPEG and TIFF. A synchronous call takes one page of at most 10 MB; an
asynchronous one takes a JPEG or PNG of at most 10 MB, or a PDF or TIFF of at most 500 MB and
3,000 pages. A document the engines cannot tell the format of (or a password-protected PDF) is
``UnsupportedDocumentException``, as is a multi-page document sent to a synchronous call; one
that claims a format but cannot be read is ``BadDocumentException``; an engine that fails is
``InternalServerError``. Each is raised ``from`` the engine's error.
https://docs.aws.amazon.com/textract/latest/dg/limits-document.html

This module imports ``fourbeat.ai`` and the package's ``_errors``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fourbeat.ai import (
    BadDocument,
    DocumentFormat,
    DocumentReader,
    EngineFailure,
    Page,
    UnsupportedDocument,
    detect_format,
)
from fourbeat.services.textract._errors import (
    bad_document,
    internal_error,
    too_large,
    unsupported_document,
)

MB = 1024 * 1024
SYNC_BYTES = 10 * MB
ASYNC_IMAGE_BYTES = 10 * MB
ASYNC_BYTES = 500 * MB
ASYNC_PAGES = 3000


@contextmanager
def engine_errors() -> Iterator[None]:
    """Translate the engines' errors into Textract's."""
    try:
        yield
    except UnsupportedDocument as exc:
        raise unsupported_document(str(exc)) from exc
    except BadDocument as exc:
        raise bad_document(str(exc)) from exc
    except EngineFailure as exc:
        raise internal_error() from exc


def check_sync_size(size: int) -> None:
    if size > SYNC_BYTES:
        raise too_large("10 MB for synchronous operations")


def check_async_size(size: int, kind: DocumentFormat) -> None:
    if kind in (DocumentFormat.PNG, DocumentFormat.JPEG) and size > ASYNC_IMAGE_BYTES:
        raise too_large("10 MB for JPEG and PNG files")
    if size > ASYNC_BYTES:
        raise too_large("500 MB for PDF and TIFF files")


def sniff(head: bytes) -> DocumentFormat:
    """The format the document's first bytes tell; UnsupportedDocumentException if none."""
    with engine_errors():
        return detect_format(head)


def read_one_page(reader: DocumentReader, data: bytes) -> Page:
    """The only page of ``data`` (synchronous operations take one page)."""
    with engine_errors():
        count = reader.page_count(data)
        if count != 1:
            raise unsupported_document(f"{count} pages; synchronous operations take one")
        return next(reader.read(data))


def count_pages(reader: DocumentReader, data: bytes) -> int:
    """How many pages ``data`` holds (more than 3,000 is too large)."""
    with engine_errors():
        count = reader.page_count(data)
    if count > ASYNC_PAGES:
        raise too_large("3,000 pages")
    return count


def read_pages(reader: DocumentReader, data: bytes) -> Iterator[Page]:
    """Every page of ``data``, in order."""
    with engine_errors():
        yield from reader.read(data)
