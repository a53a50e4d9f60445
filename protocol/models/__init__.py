"""The portal's data: documents, their versions, sections and rules."""

from protocol.models.documents import (
    Document,
    PublishedVersionError,
    Rule,
    Section,
    Version,
)

__all__ = ["Document", "PublishedVersionError", "Rule", "Section", "Version"]
