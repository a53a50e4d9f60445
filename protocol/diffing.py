"""What changed between two versions, section by section.

Sections are paired across versions by title, then by number, then by the
most similar text (difflib's ratio), so a renamed or renumbered section is
still compared with itself. Text is compared as a reader sees it
(``protocol.text.comparable``: line endings and trailing spaces do not
count). Inside a pair, the text (title, body and rules) is compared word
by word with difflib; the result is escaped, marked up with ``<ins>``/``<del>``
and passed through the same sanitiser as all Markdown.
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import mark_safe

from protocol.rendering import sanitise_html
from protocol.text import comparable

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    from protocol.models import Section

SIMILAR_ENOUGH = 0.5
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def section_text(section: "Section") -> str:
    """The text a member reads in a section: body, then each rule on its own line."""
    parts = [comparable(section.body)]
    parts += [comparable(rule.comparable_text) for rule in section.rules.all()]
    return "\n\n".join(part for part in parts if part)


def _title(section):
    return comparable(section.title)


def word_diff(old: str, new: str) -> "SafeString":
    """Safe HTML of ``new`` with words removed from ``old`` in <del> and added in <ins>."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            out.append(
                '<del><span class="visually-hidden">removed: </span>'
                f"{escape(''.join(a[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            out.append(
                '<ins><span class="visually-hidden">added: </span>'
                f"{escape(''.join(b[j1:j2]))}</ins>"
            )
    return mark_safe(sanitise_html("".join(out)))  # noqa: S308 - escaped and sanitised


@dataclass
class SectionChange:
    old: object = None
    new: object = None
    title_diff: str = ""
    text_diff: str = ""
    kinds: list = field(default_factory=list)  # added, removed, renamed, moved, changed

    @property
    def changed(self):
        return bool(self.kinds)

    @property
    def section(self):
        return self.new or self.old

    @property
    def summary(self):
        labels = {
            "added": "New section",
            "removed": "Removed",
            "renamed": "Renamed",
            "moved": "Moved",
            "changed": "Text changed",
        }
        return ", ".join(labels[kind] for kind in self.kinds) or "Unchanged"


def _pair(old_sections, new_sections):
    """[(old or None, new or None)] in the new version's order, removed ones last."""
    unmatched_old = list(old_sections)
    pairs = {}

    def take(predicate):
        for new in new_sections:
            if new.pk in pairs:
                continue
            candidates = [old for old in unmatched_old if predicate(old, new)]
            if len(candidates) == 1:
                pairs[new.pk] = candidates[0]
                unmatched_old.remove(candidates[0])

    take(lambda old, new: old.title.strip().lower() == new.title.strip().lower())
    take(lambda old, new: old.number and old.number == new.number and old.slug == new.slug)
    # The most similar remaining text, best pairs first.
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, section_text(old), section_text(new)).ratio(), i, j)
            for i, old in enumerate(unmatched_old)
            for j, new in enumerate(new_sections)
            if new.pk not in pairs
        ),
        reverse=True,
    )
    used_old = set()
    for ratio, i, j in scored:
        new = new_sections[j]
        if ratio < SIMILAR_ENOUGH or new.pk in pairs or i in used_old:
            continue
        pairs[new.pk] = unmatched_old[i]
        used_old.add(i)
    leftover = [old for i, old in enumerate(unmatched_old) if i not in used_old]
    return [(pairs.get(new.pk), new) for new in new_sections] + [(old, None) for old in leftover]


def compare_sections(
    old_sections: Sequence["Section"], new_sections: Sequence["Section"]
) -> list["SectionChange"]:
    """A SectionChange per section of either version (sections with rules prefetched)."""
    changes = []
    for old, new in _pair(old_sections, new_sections):
        change = SectionChange(old=old, new=new)
        if old is None:
            change.kinds.append("added")
            change.text_diff = word_diff("", section_text(new))
            change.title_diff = word_diff("", new.title)
        elif new is None:
            change.kinds.append("removed")
            change.text_diff = word_diff(section_text(old), "")
            change.title_diff = word_diff(old.title, "")
        else:
            if _title(old) != _title(new):
                change.kinds.append("renamed")
            if old.number != new.number:
                change.kinds.append("moved")
            old_text, new_text = section_text(old), section_text(new)
            if old_text != new_text:
                change.kinds.append("changed")
            change.title_diff = word_diff(_title(old), _title(new))
            change.text_diff = word_diff(old_text, new_text)
        changes.append(change)
    return changes


def section_changed(old_section: "Section", new_section: "Section | None") -> bool:
    """Whether a member reading ``old_section`` would read something else now."""
    if new_section is None:
        return True
    return _title(old_section) != _title(new_section) or section_text(old_section) != section_text(
        new_section
    )


def counterparts(
    old_sections: Sequence["Section"], new_sections: Sequence["Section"]
) -> dict[int, "Section | None"]:
    """{old section's pk: its section in the new version, or None if removed},
    paired as the comparison page pairs them."""
    return {old.pk: new for old, new in _pair(old_sections, new_sections) if old is not None}
