"""What every engine does: the one interface search and indexing call.

An engine ranks passages (rows of ``protocol_searchentry``) for a query plan
and keeps its own text index in step with those rows.
"""

from collections.abc import Iterable, Iterator
from typing import Protocol


class SearchEngine(Protocol):
    def match(self, plan, *, current_only: bool, limit: int) -> list[tuple[int, float, int, int]]:
        """(entry id, score, version id, section id) of the best passages, best first."""

    def candidates(self, tokens: list[str]) -> list[tuple[str, str, int]]:
        """(word, sound, frequency) of indexed words a typo in ``tokens`` may stand for."""

    def ranks_whole_sections(self, *, current_only: bool) -> bool:
        """Whether a match is a whole section, to be pointed at its best rule."""

    def add(self, entry_ids: list[int]) -> None:
        """Index new or changed entries."""

    def remove(self, entry_ids: list[int]) -> None: ...

    def mark(self, entry_ids: list[int], *, is_current: bool) -> None:
        """Entries that became current, or stopped being."""

    def clear(self) -> None: ...


def chunks(items: Iterable, size: int) -> Iterator[list]:
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]
