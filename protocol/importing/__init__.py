"""Importing a document: Word, Markdown, text or HTML -> a draft version.

* ``readers.read_document(data, filename)`` checks the file and reads it into
  the portal's text shape (``readers``), then finds sections and rules
  (``finder.parse``, the one finder every format goes through);
* ``saving.save_draft(parsed)`` writes the result as a draft in one transaction.

The management command ``import_protocol`` and the admin's "Import a
document" both go through these.
"""

from protocol.importing.finder import (
    ImportProblem,
    Note,
    ParsedDocument,
    ParsedRule,
    ParsedSection,
    decode,
    generated_title,
    parse,
    title_case,
)
from protocol.importing.readers import ACCEPTED_EXTENSIONS, read_document
from protocol.importing.saving import existing_document, keep_edited_titles, save_draft

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "ImportProblem",
    "Note",
    "ParsedDocument",
    "ParsedRule",
    "ParsedSection",
    "decode",
    "existing_document",
    "generated_title",
    "keep_edited_titles",
    "parse",
    "read_document",
    "save_draft",
    "title_case",
]
