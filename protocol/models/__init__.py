"""The portal's data: documents, their versions, sections and rules; e-mails."""

from protocol.models.documents import (
    Acknowledgement,
    Document,
    PublishedVersionError,
    Rule,
    Section,
    Version,
)
from protocol.models.notifications import Notification

__all__ = [
    "Acknowledgement",
    "Document",
    "Notification",
    "PublishedVersionError",
    "Rule",
    "Section",
    "Version",
]
