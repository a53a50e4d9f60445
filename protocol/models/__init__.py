"""The portal's data: documents, their versions, sections and rules; e-mails; and the
search models, which live in protocol/search/models.py with the same app label."""

from protocol.models.documents import (
    Acknowledgement,
    Document,
    PublishedVersionError,
    Rule,
    Section,
    Version,
)
from protocol.models.notifications import Notification
from protocol.search.models import BestBet, SearchEntry, SearchLog, SearchTerm, Synonym

__all__ = [
    "Acknowledgement",
    "BestBet",
    "Document",
    "Notification",
    "PublishedVersionError",
    "Rule",
    "SearchEntry",
    "SearchLog",
    "SearchTerm",
    "Section",
    "Synonym",
    "Version",
]
