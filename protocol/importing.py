"""Turn a plain-text or Markdown protocol into a draft version.

The document's shape (see docs/monitoring-officer.md):

* the first line is the title;
* numbered paragraphs ("1. ...", "1) ..." or Markdown headings "## 1. ...")
  start sections; a short line after the number is the section's title,
  otherwise the paragraph is the section's text and it gets a short title;
* "- " bullets stay bullets, unless they are rules:
  after a "Do:" or "Don't:" line they are do and don't rules, in a section
  titled "Risks" they are risks, in one about principles they are principles,
  and "Term – meaning" items (in a section about legal terms, or anywhere with
  an en or em dash) are legal terms.

``parse()`` reads the text without touching the database and raises
``ImportProblem`` with a line number on anything it cannot read.
``save_draft()`` writes the result in one transaction.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify

from protocol.models import Document, Rule, Section, Version
from protocol.text import comparable, normalise_newlines

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

_SECTION = re.compile(
    r"^(?P<hashes>#{1,6}\s+)?(?:\*\*)?(?P<number>\d{1,3})[.)](?:\*\*)?(?:\s+(?P<rest>.*))?$"
)
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<rest>.+?)\s*#*$")
_BULLET = re.compile(r"^ {0,3}[-*•–]\s+(?P<text>.+)$")
_LABEL = re.compile(
    r"^(?:\*\*|__)?(?P<label>do(?:'?s)?|don['’]?t(?:'?s)?|dos and don['’]?ts|risks?|"
    r"principles?|legal terms?|terms?|definitions?)\s*:?\s*(?:\*\*|__)?:?$",
    re.IGNORECASE,
)
_TERM_SEPARATOR = re.compile(r"\s+[–—]\s*|\s*[–—]\s+|\s+-\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ImportProblem(ValueError):
    """Input the importer cannot read; ``line`` is 1-based."""

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


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
    blocks: list = field(default_factory=list)  # Markdown blocks of the body
    rules: list = field(default_factory=list)

    @property
    def body(self):
        return "\n\n".join(self.blocks)


@dataclass
class ParsedDocument:
    title: str
    sections: list

    @property
    def slug(self):
        return slugify(self.title)[:200]

    def rule_counts(self):
        counts = {kind: 0 for kind in Kind.values}
        for section in self.sections:
            for rule in section.rules:
                counts[rule.kind] += 1
        return counts


def decode(data):
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


def title_case(text):
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


def _strip_emphasis(text):
    text = text.strip()
    for mark in ("**", "__"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 4:
            text = text[2:-2].strip()
    return text


def _is_heading(text):
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


def _abbreviate(text):
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


def _joins_a_name(words, i):
    """'of' in 'Code of Conduct': a small word between two capitalised words."""
    return (
        0 < i < len(words) - 1
        and words[i].lower() in {"of", "and", "for", "the", "&"}
        and words[i - 1][:1].isupper()
        and words[i + 1][:1].isupper()
    )


def _cut(words, limit):
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


def generated_title(text):
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


def _section_kind(title):
    """Rules implied by a section's own (not generated) title."""
    lowered = title.lower()
    if re.search(r"\brisks?\b", lowered):
        return Kind.RISK
    if re.search(r"\bprinciples?\b", lowered):
        return Kind.PRINCIPLE
    if re.search(r"\blegal\b|\bterms\b|\bdefinitions?\b|\bglossary\b", lowered):
        return Kind.TERM
    return None


def _label_kind(label):
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


def _split_term(text, hyphen_allowed):
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


class _Parser:
    def __init__(self, text):
        self.lines = text.splitlines()
        self.sections = []
        self.section = None
        self.heading_level = None  # sections are Markdown headings of this level
        self.expected_number = None
        self.label_kind = None  # kind set by a "Do:" line, until the list ends
        self.label_line = None
        self.label_items = 0
        self.item = None  # the bullet or rule that continuation lines extend
        self.paragraph = None  # lines of the paragraph being read
        self.after_blank = True

    def parse(self):
        title, start = self._title()
        for index in range(start, len(self.lines)):
            self._line(index + 1, self.lines[index].rstrip())
        self._end_section(len(self.lines))
        # Text with no number at all would otherwise import as one "Introduction".
        if not any(section.number for section in self.sections):
            raise ImportProblem(
                len(self.lines),
                'no numbered paragraphs found; sections start with a number, like "1. ".',
            )
        return ParsedDocument(title=title, sections=self.sections)

    def _title(self):
        for index, raw in enumerate(self.lines):
            self._check_characters(index + 1, raw)
            line = raw.strip()
            if not line:
                continue
            heading = _MD_HEADING.match(line)
            if heading:
                line = heading.group("rest")
            line = _strip_emphasis(line)
            if _SECTION.match(line) or _BULLET.match(line):
                raise ImportProblem(
                    index + 1,
                    "the first line should be the document's title, "
                    "but it is a numbered paragraph or a bullet.",
                )
            if len(line) > 200:
                raise ImportProblem(index + 1, "the title is longer than 200 characters.")
            return title_case(line), index + 1
        raise ImportProblem(1, "the document is empty.")

    def _check_characters(self, number, raw):
        bad = _CONTROL.search(raw)
        if bad:
            raise ImportProblem(
                number,
                f"unreadable control character {bad.group()!r} at column {bad.start() + 1}.",
            )

    # -- line dispatch -------------------------------------------------

    def _line(self, number, line):
        self._check_characters(number, line)
        if not line.strip():
            self._end_paragraph()
            self.after_blank = True
            return
        if self._section_start(number, line):
            return
        if self.section is None:
            self._start_section(number, "", "", line_only_title=False)
            self.section.title, self.section.title_generated = "Introduction", True
        label = _LABEL.match(line.strip())
        bullet = _BULLET.match(line)
        if label and self.after_blank or label and self.item is not None:
            self._end_paragraph()
            self._end_label(number)
            self.label_kind = _label_kind(label.group("label"))
            self.label_line, self.label_items = number, 0
            self.item = None
            if self.label_kind is None:
                self.section.blocks.append(line.strip())
        elif bullet:
            self._end_paragraph()
            self._bullet(number, bullet.group("text").strip())
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

    def _section_start(self, number, line):
        match = _SECTION.match(line)
        heading = _MD_HEADING.match(line)
        if match and (self.heading_level is None or match.group("hashes")):
            hashes = (match.group("hashes") or "").strip()
            if self.heading_level is not None and len(hashes) != self.heading_level:
                return False
            found = int(match.group("number"))
            if self.expected_number is not None and found != self.expected_number:
                if not hashes and line.startswith((" ", "\t")):
                    return False
                raise ImportProblem(
                    number,
                    f"paragraph {found} follows paragraph {self.expected_number - 1}; "
                    f"expected {self.expected_number}. Check the numbering.",
                )
            if not self.sections and self.section is None:
                self.heading_level = len(hashes) if hashes else None
            self.expected_number = found + 1
            self._start_section(number, str(found), (match.group("rest") or "").strip())
            return True
        if heading and self.heading_level and len(heading.group("hashes")) == self.heading_level:
            self._start_section(number, "", heading.group("rest").strip())
            return True
        return False

    def _start_section(self, number, section_number, text, line_only_title=True):
        self._end_section(number)
        text = _strip_emphasis(text)
        title, generated, body = "", False, ""
        if text and _is_heading(text):
            title = text.rstrip(":").strip()
        else:
            body = text
        self.section = ParsedSection(
            number=section_number, title=title, title_generated=generated, line=number
        )
        self.section_kind = _section_kind(title) if title else None
        if body:
            self.paragraph = [body]
        self.after_blank = False

    # -- blocks ------------------------------------------------------------

    def _end_paragraph(self):
        if self.paragraph:
            self.section.blocks.append(" ".join(self.paragraph))
        self.paragraph = None

    def _end_label(self, number):
        if self.label_kind is not None and self.label_items == 0:
            raise ImportProblem(
                self.label_line,
                "this list label has no items under it; put its items on "
                '"- " lines straight after it.',
            )
        self.label_kind = None

    def _bullet(self, number, text):
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
            if (
                self.section.blocks
                and self.section.blocks[-1].startswith("- ")
                and not (self.after_blank)
                or self.section.blocks
                and self.section.blocks[-1].startswith("- ")
            ):
                self.section.blocks[-1] += f"\n- {text}"
            else:
                self.section.blocks.append(f"- {text}")
        else:
            self.label_items += 1
            rule = ParsedRule(kind=kind, text=text, term=term, line=number)
            self.section.rules.append(rule)
            self.item = rule

    def _continue_item(self, text):
        if isinstance(self.item, ParsedRule):
            self.item.text = f"{self.item.text} {text}"
        else:
            self.section.blocks[-1] += f" {text}"

    def _end_section(self, number):
        self._end_paragraph()
        if self.section is None:
            return
        self._end_label(number)
        section = self.section
        if not section.blocks and not section.rules:
            if section.title and not section.number:
                pass  # an unnumbered heading with nothing under it is kept as is
            else:
                raise ImportProblem(
                    section.line,
                    f"paragraph {section.number or section.title!r} has no text under it.",
                )
        if not section.title:
            first = section.blocks[0] if section.blocks else section.rules[0].text
            section.title = generated_title(first.lstrip("- "))
            section.title_generated = True
        self.sections.append(section)
        self.section = None
        self.item = None


def parse(text):
    """Read a document; raise ImportProblem naming the line it could not read."""
    return _Parser(normalise_newlines(text)).parse()


class _EditedTitles:
    """Titles the Monitoring Officer gave untitled paragraphs in the latest version.

    A paragraph imported again keeps its edited title when its text is the same,
    or when it has the same number and much the same text.
    """

    SIMILAR_ENOUGH = 0.6

    def __init__(self, sections):
        self.sections = [(s, comparable(s.body)) for s in sections]

    def title_for(self, parsed_section):
        body = comparable(parsed_section.body)
        for section, text in self.sections:
            if text == body:
                return section.title
        for section, text in self.sections:
            if (
                section.number == parsed_section.number
                and difflib.SequenceMatcher(None, text, body).ratio() >= self.SIMILAR_ENOUGH
            ):
                return section.title
        return None


def _edited_titles(version):
    if version is None:
        return _EditedTitles([])
    return _EditedTitles(version.sections.filter(title_generated=False).order_by("order"))


@transaction.atomic
def save_draft(parsed, *, by=None):
    """Create the document if new and add the parsed text as its next draft version."""
    document, _ = Document.objects.get_or_create(slug=parsed.slug, defaults={"title": parsed.title})
    document = Document.objects.select_for_update().get(pk=document.pk)
    existing = document.versions.drafts().first()
    if existing is not None:
        from protocol.publishing import DraftExists

        raise DraftExists(existing)
    numbers = document.versions.values_list("number", flat=True)
    edited_titles = _edited_titles(document.versions.order_by("-number").first())
    version = Version.objects.create(
        document=document, number=Version.next_number(numbers), created_by=by
    )
    slugs, anchors = set(), set()
    sections = []
    for order, parsed_section in enumerate(parsed.sections, start=1):
        title, generated = parsed_section.title, parsed_section.title_generated
        if generated:
            kept = edited_titles.title_for(parsed_section)
            if kept:
                title, generated = kept, False
        slug = Section.make_slug(parsed_section.number, title)
        base, n = slug, 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        sections.append(
            Section(
                version=version,
                number=parsed_section.number,
                title=title[:200],
                title_generated=generated,
                slug=slug,
                order=order,
                body=parsed_section.body,
            )
        )
    Section.objects.bulk_create(sections)
    rules = []
    for section, parsed_section in zip(sections, parsed.sections, strict=True):
        for order, parsed_rule in enumerate(parsed_section.rules, start=1):
            anchor = Rule.make_anchor(parsed_rule.kind, parsed_rule.term, parsed_rule.text, anchors)
            anchors.add(anchor)
            rules.append(
                Rule(
                    section=section,
                    kind=parsed_rule.kind,
                    term=parsed_rule.term[:200],
                    text=parsed_rule.text,
                    order=order,
                    anchor=anchor,
                )
            )
    Rule.objects.bulk_create(rules)
    return version
