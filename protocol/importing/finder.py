"""The one section and rule finder: the portal's text shape -> a parsed document.

Every format is read into the same text shape (Word and HTML through
``protocol.importing.readers``, each line remembering where it was in the
file), and this module finds the sections and rules in it, so a rule is found
the same way whatever the file was. The shape (see docs/monitoring-officer.md):

* the first line is the title;
* sections start at numbered paragraphs ("1. ...", "1) ..."), or at Markdown
  headings ("## Purpose", "## 1. Purpose") when the document's first section
  is a heading; a document with neither starts sections at lines that read as
  headings (a short line ending in ":" or "?", a line in capitals, a line in
  bold), and a document with none of those is one section;
* a short line after the number is the section's title, otherwise the
  paragraph is the section's text and it gets a short title;
* bullets ("-", "*", "•", "·", "–") stay bullets, unless they are rules:
  after a "Do:" or "Don't:" line they are do and don't rules, in a section
  titled "Risks" they are risks, in one about principles they are principles,
  and "Term – meaning" items (in a section about legal terms, or anywhere with
  an en or em dash) are legal terms; "| … |" lines are a table.

``parse()`` reads the text without touching the database. It refuses only
text it cannot read at all (``ImportProblem``); anything it could not place
as the shape expects is kept as text and reported as a ``Note`` saying where
it was.
"""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

from protocol.models import Rule
from protocol.text import normalise_newlines

Kind = Rule.Kind

SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor",
    "of", "on", "or", "per", "the", "to", "via", "with",
}  # fmt: skip
# Words a generated title should not end on.
TRAILING_WORDS = SMALL_WORDS | {
    "are", "be", "being", "can", "if", "is", "it", "not", "that", "this", "was",
    "when", "which", "who", "whom", "you", "your", "their", "its", "so", "than",
}  # fmt: skip
TITLE_MAX_WORDS = 12
GENERATED_TITLE_WORDS = 10
TITLE_MAX_LENGTH = 200

_SECTION = re.compile(
    r"^(?P<hashes>#{1,6}\s+)?(?:\*\*)?(?P<number>\d{1,3})[.)](?:\*\*)?(?:\s+(?P<rest>.*))?$"
)
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.+?)\s*#*$")
# "-", "*", "•", "·" (Word's Symbol bullet pasted as text), "–", and other bullet glyphs.
_BULLET = re.compile(r"^ {0,3}[-*•·–▪◦‣●]\s+(?P<text>.+)$")
_NUMBERED_ITEM = re.compile(r"^ {0,3}\d{1,3}[.)]\s+\S")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_LABEL = re.compile(
    r"^(?:\*\*|__)?(?P<label>do(?:'?s)?|don['’]?t(?:'?s)?|dos and don['’]?ts|risks?|"
    r"principles?|legal terms?|terms?|definitions?)\s*:?\s*(?:\*\*|__)?:?$",
    re.IGNORECASE,
)
_TERM_SEPARATOR = re.compile(r"\s+[–—]\s*|\s*[–—]\s+|\s+-\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportProblem(ValueError):
    """A file the importer cannot read at all; ``where`` says where ("line 3")."""

    def __init__(self, line: int, message: str, where: str | None = None):
        self.line = line
        self.where = where or f"line {line}"
        self.message = message
        super().__init__(f"{self.where}: {message}")


@dataclass
class Note:
    """Something the importer kept as text rather than placing as the shape expects."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ParsedRule:
    kind: str
    text: str
    line: int
    term: str = ""


@dataclass
class ParsedSection:
    number: str
    title: str
    title_generated: bool
    line: int
    blocks: list[str] = field(default_factory=list)  # Markdown blocks of the body
    rules: list[ParsedRule] = field(default_factory=list)
    where: str = ""
    # The title the Monitoring Officer gave this paragraph in the latest version.
    title_kept: bool = False

    @property
    def body(self) -> str:
        return "\n\n".join(self.blocks)

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


@dataclass
class ParsedDocument:
    title: str
    sections: list[ParsedSection]
    notes: list[Note] = field(default_factory=list)
    source_format: str = "text"

    @property
    def slug(self) -> str:
        return slugify(self.title)[:200]

    def rule_counts(self) -> dict[str, int]:
        counts = {kind: 0 for kind in Kind.values}
        for section in self.sections:
            for rule in section.rules:
                counts[rule.kind] += 1
        return counts


def decode(data: bytes) -> str:
    """Bytes to text, naming the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportProblem(
            line,
            f"this is not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save the file as UTF-8 and import it again.",
        ) from None


def title_case(text: str) -> str:
    """'SOCIAL MEDIA PROTOCOL FOR MEMBERS' -> 'Social Media Protocol for Members'.

    Text already in mixed case is left as its author wrote it.
    """
    if any(ch.islower() for ch in text):
        return text
    words = text.lower().split()
    return " ".join(
        word if i and word in SMALL_WORDS else word[:1].upper() + word[1:]
        for i, word in enumerate(words)
    )


def _strip_emphasis(text: str) -> str:
    text = text.strip()
    for mark in ("**", "__"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 4:
            text = text[2:-2].strip()
    return text


def _is_heading(text: str) -> bool:
    """A short line with no full stop reads as a heading, not a paragraph."""
    words = text.split()
    if not words or len(words) > TITLE_MAX_WORDS:
        return False
    if re.search(r"[.!]\s+[A-Z]", text):  # more than one sentence
        return False
    return not text.endswith(".")


# Words that open a clause which says less than the paragraph's subject.
_DISCOURSE = re.compile(
    r"^(?:please\s+)?(?:remember|note|bear in mind|be aware|be clear|notice)(?:\s+that)?\b[\s,]*",
    re.IGNORECASE,
)
# A leading clause ending in a comma ("In light of these risks, …"): dropped,
# so the title starts at the paragraph's subject.
_LEADING_CLAUSE_WORDS = {
    "after", "although", "as", "at", "because", "before", "by", "following", "for",
    "given", "having", "in", "on", "once", "since", "though", "under", "unless",
    "whenever", "when", "where", "wherever", "while", "whilst", "with",
}  # fmt: skip
# Where a sentence's first clause ends: punctuation, a dash, or a word that
# starts a qualification of what came before.
_CLAUSE_BREAK = re.compile(
    r"\s*[,;:]\s|\s[–—-]\s|\s(?=(?:particularly|especially|including|such as|which|"
    r"because|so that|in order to|to ensure|as if|as though|as well as|unless|"
    r"whereas|although|whether|provided that|only when|only if|when|whenever|if)\b)"
    r"|\s(?:is|are|was) that\s",
    re.IGNORECASE,
)
# A generated title may end before one of these, never on one.
_WEAK_ENDINGS = TRAILING_WORDS | {
    "have", "has", "had", "do", "does", "did", "should", "must", "may", "might", "will",
    "would", "could", "shall", "were", "been", "also", "very", "more", "most", "any",
    "all", "some", "such", "these", "those", "our", "my", "his", "her", "them", "they",
    "we", "i", "he", "she", "there", "where", "whether", "what", "how", "why",
}  # fmt: skip


def _abbreviate(text: str) -> str:
    """'The Advisory, Conciliation and Arbitration Service (ACAS) says' -> 'ACAS says'.

    A name followed by its initials in brackets is shortened to the initials;
    any other bracketed aside is left out of a title.
    """

    def shorten(match):
        initials, before = match.group(2), match.group(1)
        words = list(re.finditer(r"[^\W\d_][\w'’-]*", before))
        letters, start = "", None
        for word in reversed(words):
            value = word.group()
            if value[0].isupper():
                letters, start = value[0] + letters, word.start()
                if letters == initials:
                    break
            elif value.lower() not in SMALL_WORDS:
                break
        if letters != initials:
            return match.group(0)
        head = re.sub(r"\b(?:the|The)\s+$", "", before[:start])
        return f"{head}{initials}"

    text = re.sub(r"(^.*?)\s*\(([A-Z]{2,8})\)", shorten, text)
    return re.sub(r"\s*\([^()]*\)", "", text)


def _joins_a_name(words: list[str], i: int) -> bool:
    """'of' in 'Code of Conduct': a small word between two capitalised words."""
    return (
        0 < i < len(words) - 1
        and words[i].lower() in {"of", "and", "for", "the", "&"}
        and words[i - 1][:1].isupper()
        and words[i + 1][:1].isupper()
    )


def _cut(words: list[str], limit: int) -> list[str]:
    """At most ``limit`` words, cut before a small word rather than mid-phrase.

    A name such as "Code of Conduct" is not cut: it may take the title up to
    TITLE_MAX_WORDS.
    """
    if len(words) <= limit:
        return words

    def is_name(start, end):
        return all(words[j][:1].isupper() or _joins_a_name(words, j) for j in range(start, end))

    if len(words) <= TITLE_MAX_WORDS and is_name(limit - 1, len(words)):
        return words
    for end in range(min(len(words) - 1, TITLE_MAX_WORDS), 2, -1):
        if words[end].lower() not in _WEAK_ENDINGS or _joins_a_name(words, end):
            continue
        if end <= limit or is_name(limit - 1, end):
            return words[:end]
    return words[:limit]


def generated_title(text: str) -> str:
    """A short, readable title for an untitled paragraph, in its own whole words.

    The title is the start of the paragraph's subject: its first sentence
    without a "Remember that" or a leading "In light of these risks," clause,
    up to the first qualification ("particularly …", ", which …"), names with
    initials shortened to the initials, and at most ten words cut between
    phrases. It never ends on a small word or on punctuation, and has no
    ellipsis; the Monitoring Officer can edit it, and a re-import keeps the edit.
    """
    text = " ".join(re.sub(r"[*_`#>]", "", text).split())
    sentence = re.split(r"(?<=[.!?])\s+(?=[\"“'‘(]?[A-Z0-9])|:\s", text, maxsplit=1)[0]
    sentence = _abbreviate(sentence.rstrip(".!?:; "))
    subject = _DISCOURSE.sub("", sentence).lstrip(",;: ")
    first, comma, rest = subject.partition(", ")
    if comma and len(rest.split()) >= 3:
        opener = first.split()[0].lower() if first.split() else ""
        if opener == "if" and len(first.split()) <= 8:
            subject = first  # "If someone threatens you online" names the situation
        elif opener in _LEADING_CLAUSE_WORDS:
            subject = rest
    for match in _CLAUSE_BREAK.finditer(subject):
        if len(subject[: match.start()].split()) >= 3:
            subject = subject[: match.start()]
            break
    words = _cut(subject.split(), GENERATED_TITLE_WORDS)
    while len(words) > 1 and words[-1].lower().strip(",;:") in _WEAK_ENDINGS:
        words.pop()
    title = " ".join(words).strip(" ,;:–—-\"“”'‘’(")
    if title.count("“") != title.count("”") or title.count('"') % 2:
        title = title.replace("“", "").replace("”", "").replace('"', "")
    if not title:
        title = " ".join(text.split()[:GENERATED_TITLE_WORDS]).strip(" ,;:.")
    return title[:1].upper() + title[1:]


def _section_kind(title: str) -> str | None:
    """Rules implied by a section's own (not generated) title."""
    lowered = title.lower()
    if re.search(r"\brisks?\b", lowered):
        return Kind.RISK
    if re.search(r"\bprinciples?\b", lowered):
        return Kind.PRINCIPLE
    if re.search(r"\blegal\b|\bterms\b|\bdefinitions?\b|\bglossary\b", lowered):
        return Kind.TERM
    return None


def _label_kind(label: str) -> str | None:
    label = label.lower().replace("’", "'")
    if label.startswith("don"):
        return Kind.DONT
    if label.startswith("dos and"):
        return None  # a heading over both lists, not a list of its own
    if label.startswith("do"):
        return Kind.DO
    if label.startswith("risk"):
        return Kind.RISK
    if label.startswith("principle"):
        return Kind.PRINCIPLE
    return Kind.TERM


def _split_term(text: str, hyphen_allowed: bool) -> tuple[str, str] | None:
    """'Libel – If you publish ...' -> ('Libel', 'If you publish ...')."""
    match = _TERM_SEPARATOR.search(text)
    if not match:
        return None
    if match.group().strip() == "-" and not hyphen_allowed:
        return None
    term, meaning = text[: match.start()].strip(), text[match.end() :].strip()
    if not term or not meaning or len(term.split()) > 8 or term.endswith("."):
        return None
    return term, meaning


def _plain_heading(line: str) -> str | None:
    """In a document without numbers or Markdown headings: the title a line gives
    its section, or None. A short line ending in "?" or in ":" (but not a lead-in
    such as "Social media can help you to:"), a line in capitals, or a line in bold.
    """
    text = line.strip()
    bold = len(text) > 4 and text[:2] in ("**", "__") and text[-2:] == text[:2]
    if bold:
        text = text[2:-2].strip()
    text = text.rstrip()
    words = text.split()
    if not words or len(words) > TITLE_MAX_WORDS or _LABEL.match(text):
        return None
    if text.endswith("?"):
        return text
    if text.endswith(":"):
        last = words[-1].rstrip(":").lower()
        if len(words) <= 8 and last not in _WEAK_ENDINGS:
            return text.rstrip(":").strip()
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) >= 3 and not any(ch.islower() for ch in letters) and not text.endswith("."):
        return title_case(text)
    if bold and not text.endswith("."):
        return text
    return None


class _Parser:
    def __init__(self, text: str, where: list[str] | None = None, fallback_title: str = ""):
        self.lines = text.splitlines()
        self.where_of = where
        self.fallback_title = fallback_title
        self.notes: list[Note] = []
        self.sections: list[ParsedSection] = []
        self.section: ParsedSection | None = None
        self.mode = "numbered"  # or "headings" (Markdown) or "plain" (headings by their look)
        self.heading_level = None  # sections are Markdown headings of this level
        self.expected_number = None
        self.label_kind = None  # kind set by a "Do:" line, until the list ends
        self.label_line = None
        self.label_text = ""
        self.label_at = 0  # where the label sits among its section's blocks
        self.label_items = 0
        self.item = None  # the bullet or rule that continuation lines extend
        self.paragraph = None  # lines of the paragraph being read
        self.in_table = False
        self.after_blank = True

    def where(self, line: int) -> str:
        if self.where_of and 0 < line <= len(self.where_of):
            return self.where_of[line - 1]
        return f"line {line}"

    def note(self, line: int, message: str) -> None:
        self.notes.append(Note(self.where(line), message))

    def parse(self) -> ParsedDocument:
        self._clean_lines()
        title, start = self._title()
        self._choose_mode(start)
        for index in range(start, len(self.lines)):
            self._line(index + 1, self.lines[index].rstrip())
        self._end_section(len(self.lines))
        if not self.sections:
            raise ImportProblem(start or 1, "the document has a title but no text.")
        if len(self.sections) == 1 and self.sections[0].title == "Introduction":
            # A document that is one list under its title: one section, titled
            # from its first words.
            only = self.sections[0]
            first = only.blocks[0] if only.blocks else only.rules[0].text
            only.title = generated_title(first.lstrip("- "))
        return ParsedDocument(title=title, sections=self.sections, notes=self.notes)

    def _clean_lines(self) -> None:
        """Invisible control characters are removed, and said where."""
        for index, raw in enumerate(self.lines):
            bad = _CONTROL.search(raw)
            if bad:
                self.note(
                    index + 1,
                    f"an invisible control character {bad.group()!r} at column "
                    f"{bad.start() + 1} was removed.",
                )
                self.lines[index] = _CONTROL.sub("", raw)

    def _title(self) -> tuple[str, int]:
        for index, raw in enumerate(self.lines):
            line = raw.strip()
            if not line:
                continue
            heading = _MD_HEADING.match(line)
            if heading:
                line = heading.group("rest")
            line = _strip_emphasis(line)
            if _SECTION.match(line) or _BULLET.match(line) or len(line) > TITLE_MAX_LENGTH:
                title = self.fallback_title or generated_title(line)
                self.note(
                    index + 1,
                    "the document does not start with a title line, so it is called "
                    f"{title!r}; the first line is kept as text.",
                )
                return title[:TITLE_MAX_LENGTH], index
            return title_case(line), index + 1
        raise ImportProblem(1, "the document is empty.")

    def _choose_mode(self, start: int) -> None:
        """Numbered paragraphs, Markdown headings, or neither: whichever comes first."""
        for raw in self.lines[start:]:
            line = raw.rstrip()
            section = _SECTION.match(line)
            heading = _MD_HEADING.match(line)
            if heading:
                self.mode, self.heading_level = "headings", len(heading.group("hashes"))
                return
            if section and not line.startswith((" ", "\t")):
                self.mode = "numbered"
                return
        self.mode = "plain"

    # -- line dispatch -------------------------------------------------

    def _line(self, number: int, line: str) -> None:
        if not line.strip():
            self._end_paragraph()
            self.in_table = False
            self.after_blank = True
            return
        if self._section_start(number, line):
            return
        if self.section is None:
            self._start_section(number, "", "")
            self.section.title, self.section.title_generated = "Introduction", True
        label = _LABEL.match(line.strip())
        bullet = _BULLET.match(line)
        if label and self.after_blank or label and self.item is not None:
            self._end_paragraph()
            self._end_label(number)
            self.label_kind = _label_kind(label.group("label"))
            self.label_line, self.label_items = number, 0
            self.label_text, self.label_at = line.strip(), len(self.section.blocks)
            self.item = None
            if self.label_kind is None:
                self.section.blocks.append(line.strip())
        elif _TABLE_ROW.match(line):
            self._end_paragraph()
            self.item = None
            if self.in_table:
                self.section.blocks[-1] += f"\n{line.strip()}"
            else:
                self.section.blocks.append(line.strip())
            self.in_table = True
        elif bullet:
            self._end_paragraph()
            self._bullet(number, bullet.group("text").strip())
        elif _NUMBERED_ITEM.match(line) and (self.after_blank or self.item is not None):
            # A numbered list inside a section: kept as a list.
            self._end_paragraph()
            self._end_label(number)
            text = line.strip()
            last = self.section.blocks[-1] if self.section.blocks else ""
            if self.item is not None and _NUMBERED_ITEM.match(last.rsplit("\n", 1)[-1]):
                self.section.blocks[-1] += f"\n{text}"
            else:
                self.section.blocks.append(text)
            self.item = ["numbered", text]
        elif self.item is not None and (line.startswith("  ") or not self.after_blank):
            self._continue_item(line.strip())
        else:
            if self.after_blank:
                self._end_paragraph()
                self.item = None
                self._end_label(number)
            if self.paragraph is None:
                self.paragraph = []
            self.paragraph.append(line.strip())
        self.after_blank = False

    def _section_start(self, number: int, line: str) -> bool:
        if self.mode == "plain":
            return self._plain_section_start(number, line)
        match = _SECTION.match(line)
        heading = _MD_HEADING.match(line)
        if match and (self.mode == "numbered" or match.group("hashes")):
            hashes = (match.group("hashes") or "").strip()
            if self.heading_level is not None and len(hashes) != self.heading_level:
                return False
            found = int(match.group("number"))
            if self.expected_number is not None and found != self.expected_number:
                if not hashes and (
                    line.startswith((" ", "\t")) or found < self.expected_number - 1
                ):
                    return False  # a numbered list inside the section
                self.note(
                    number,
                    f"paragraph {found} follows paragraph {self.expected_number - 1}; "
                    f"expected {self.expected_number}. It starts a section as numbered: "
                    "check the numbering.",
                )
            self.expected_number = found + 1
            self._start_section(number, str(found), (match.group("rest") or "").strip())
            return True
        if heading and self.heading_level and len(heading.group("hashes")) == self.heading_level:
            self._start_section(number, "", heading.group("rest").strip())
            return True
        return False

    def _plain_section_start(self, number: int, line: str) -> bool:
        if not self.after_blank or _BULLET.match(line):
            return False
        title = _plain_heading(line)
        if title is None:
            return False
        following = self.lines[number] if number < len(self.lines) else ""
        if following.strip() and not _BULLET.match(following):
            return False  # the first line of a paragraph, not a heading
        self._start_section(number, "", title)
        return True

    def _start_section(self, number: int, section_number: str, text: str) -> None:
        self._end_section(number)
        text = _strip_emphasis(text)
        title, body = "", ""
        if text and _is_heading(text):
            title = text.rstrip(":").strip()
        else:
            body = text
        self.section = ParsedSection(
            number=section_number,
            title=title,
            title_generated=False,
            line=number,
            where=self.where(number),
        )
        self.section_kind = _section_kind(title) if title else None
        if body:
            self.paragraph = [body]
        self.after_blank = False
        self.in_table = False

    # -- blocks ------------------------------------------------------------

    def _end_paragraph(self) -> None:
        if self.paragraph:
            self.section.blocks.append(" ".join(self.paragraph))
        self.paragraph = None

    def _end_label(self, number: int) -> None:
        if self.label_kind is not None and self.label_items == 0:
            self.note(
                self.label_line,
                f"“{_strip_emphasis(self.label_text)}” has no list under it, so it is kept as "
                "text; "
                'put its items on bullet lines ("- ") straight after it.',
            )
            self.section.blocks.insert(self.label_at, self.label_text)
        self.label_kind = None

    def _bullet(self, number: int, text: str) -> None:
        kind = self.label_kind or self.section_kind
        term = ""
        if kind in (Kind.TERM, Kind.PRINCIPLE):
            split = _split_term(text, hyphen_allowed=True)
            if split:
                term, text = split
            elif kind == Kind.TERM:
                kind = None  # a plain bullet among the terms stays a bullet
        elif kind is None:
            split = _split_term(text, hyphen_allowed=False)
            if split and split[0][:1].isupper() and len(split[0].split()) <= 5:
                kind, (term, text) = Kind.TERM, split
        if kind is None:
            self.item = ["bullet", text]
            if self.section.blocks and self.section.blocks[-1].startswith("- "):
                self.section.blocks[-1] += f"\n- {text}"
            else:
                self.section.blocks.append(f"- {text}")
        else:
            self.label_items += 1
            rule = ParsedRule(kind=kind, text=text, term=term, line=number)
            self.section.rules.append(rule)
            self.item = rule

    def _continue_item(self, text: str) -> None:
        if isinstance(self.item, ParsedRule):
            self.item.text = f"{self.item.text} {text}"
        else:
            self.section.blocks[-1] += f" {text}"

    def _end_section(self, number: int) -> None:
        self._end_paragraph()
        if self.section is None:
            return
        self._end_label(number)
        section = self.section
        if not section.blocks and not section.rules and (section.number or not section.title):
            self.note(
                section.line,
                f"section {section.number or section.title!r} has no text under it; "
                "it is kept as a section with a heading only.",
            )
        if not section.title:
            first = (
                section.blocks[0]
                if section.blocks
                else section.rules[0].text
                if section.rules
                else f"Section {section.number}"
            )
            section.title = generated_title(first.lstrip("- "))
            section.title_generated = True
        self.sections.append(section)
        self.section = None
        self.item = None
        self.in_table = False


def parse(text: str, *, where: list[str] | None = None, fallback_title: str = "") -> ParsedDocument:
    """Find the sections and rules in text of the portal's shape.

    ``where`` names each line's place in the original file ("paragraph 12");
    ``fallback_title`` is the title when the text does not start with one.
    Raises ImportProblem only for text with nothing to import.
    """
    return _Parser(normalise_newlines(text), where, fallback_title).parse()
