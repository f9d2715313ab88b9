"""The document engines' errors: what went wrong with the input, in the engines' own terms.

::

    DocumentError                 the base; never raised itself
    ├── UnsupportedDocument       not a PDF, PNG, JPEG or TIFF (told by its first bytes)
    │   └── EncryptedDocument     a PDF that needs a password to open
    ├── BadDocument               says it is one of those formats but cannot be read
    │   ├── EmptyDocument         a PDF with no pages, an empty input
    │   └── ImageTooSmall         an image too small to hold a line of text
    └── EngineFailure             the engine itself failed (missing OCR data, a crash)

A service layer maps these to its API's errors (for Textract, ``UnsupportedDocumentException``,
``BadDocumentException`` and ``InternalServerError``); the engines never name those. Each
error's message says what was wrong and, where it applies, which page. Foreign failures
(pypdfium2's ``PdfiumError``, Pillow's, tesserocr's) are translated where they happen, with
``raise ... from exc``. Every class takes one message argument, so it survives pickling out
of a worker process.

This module imports nothing from fourbeat.
"""

from __future__ import annotations


class DocumentError(Exception):
    """A document the engines could not process."""


class UnsupportedDocument(DocumentError):
    """The input is not in a format the engines read."""


class EncryptedDocument(UnsupportedDocument):
    """A password-protected PDF."""


class BadDocument(DocumentError):
    """The input claims a supported format but cannot be read (corrupt or truncated)."""


class EmptyDocument(BadDocument):
    """The input holds no pages."""


class ImageTooSmall(BadDocument):
    """An image (or a rendered page) too small for any text to be read from it."""


class EngineFailure(DocumentError):
    """The engine failed for a reason that is not the document's fault."""
