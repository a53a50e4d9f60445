"""Files -> the portal's text shape, each line remembering where it was.

A Word file is read with python-docx, chosen over mammoth and docx2python
because it gives each paragraph's style (Title, Heading 1 …) and its
numbering properties (``numPr``), from which Word's automatic numbering is
worked out here as Word shows it (mammoth drops the numbers; docx2python
gives the numbers as text but not the styles and bullets the finder needs).
python-docx parses the XML with lxml with entities not resolved and no
network; before that, ``check_docx()`` refuses a zip bomb, an encrypted part
and any XML part that declares a document type (Word never writes one).
HTML is read with the standard library's ``html.parser``, which neither
fetches nor expands anything.

``read_document(data, filename)`` is the one entry point: it checks the file,
picks the reader by content (then extension) and hands the text to the one
section and rule finder, ``finder.parse``.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from django.conf import settings

from protocol.importing.finder import ImportProblem, Note, ParsedDocument, parse

FORMATS = {".docx": "Word", ".md": "Markdown", ".markdown": "Markdown", ".txt": "text"}
FORMATS |= {".html": "HTML", ".htm": "HTML"}
ACCEPTED_EXTENSIONS = sorted(FORMATS)

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: .doc, or an encrypted .docx
_ZIP = b"PK\x03\x04"
# A zip member may be at most this many times larger than it is compressed.
MAX_COMPRESSION_RATIO = 100
MAX_ZIP_MEMBERS = 2000
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
PROLOGUE_BYTES = 64 * 1024
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def max_upload_bytes() -> int:
    return settings.PROTOCOL_IMPORT_MAX_BYTES


def _refuse(message: str) -> ImportProblem:
    return ImportProblem(1, message, where="the file")


def fallback_title(filename: str) -> str:
    """'code-of-conduct_2025.docx' -> 'Code of conduct 2025'."""
    stem = re.sub(r"[-_\s]+", " ", PurePath(filename or "").stem).strip()
    return (stem[:1].upper() + stem[1:]) if stem else "Untitled document"


def read_document(data: bytes, filename: str = "") -> ParsedDocument:
    """Read an uploaded or named file; raise ImportProblem saying why it cannot be read."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise _refuse(
            f"the file is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{limit / 1_048_576:.0f} MB. Save it without pictures, or split it."
        )
    if not data.strip():
        raise _refuse("the file is empty.")
    extension = PurePath(filename or "").suffix.lower()
    title = fallback_title(filename)
    if data.startswith(_OLE):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00" in data:
            raise _refuse(
                "this Word file is password-protected, so it cannot be read. Open it in "
                "Word, remove the password (File, Info, Protect Document), save it and "
                "upload it again."
            )
        raise _refuse(
            "this is an old Word (.doc) file or another Office file. Open it in Word and "
            "save it as a Word Document (.docx), then upload that."
        )
    if data.startswith(_ZIP):
        parsed = read_docx(data, title)
    elif data.startswith(b"%PDF"):
        raise _refuse(
            "this is a PDF. Import the Word document it was made from (.docx), or a "
            "text, Markdown or HTML copy."
        )
    elif b"\x00" in data[:8192]:
        raise _refuse(
            "this is not a document the portal can read: upload a Word (.docx), "
            "Markdown (.md), text (.txt) or web page (.html) file."
        )
    else:
        text, notes = _text(data)
        if extension in (".html", ".htm") or re.match(
            r"\s*(?:<!doctype html|<html)", text[:500], re.IGNORECASE
        ):
            lines, where = html_to_lines(text)
            parsed = parse("\n".join(lines), where=where, fallback_title=title)
            parsed.source_format = "HTML"
        else:
            parsed = parse(text, fallback_title=title)
            parsed.source_format = "Markdown" if extension in (".md", ".markdown") else "text"
        parsed.notes[:0] = notes
    return parsed


def _text(data: bytes) -> tuple[str, list[Note]]:
    """UTF-8, or the Windows encoding Word's "Plain Text" saves by default."""
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportProblem(
            line, "this is not text the portal can read; save it as UTF-8 and upload it again."
        ) from None
    return text, [
        Note(
            f"line {line}",
            "the file is not UTF-8, so it was read as Windows text (cp1252); check "
            "quotes and accented letters in the preview.",
        )
    ]


# -- Word ------------------------------------------------------------------------


def check_docx(data: bytes) -> None:
    """Refuse a .docx that is not a Word document or would unpack into far more
    than it is (a zip bomb), before any XML is parsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _refuse(
            "the file is damaged: it is not a Word document that can be opened."
        ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise _refuse(f"the file holds {len(members)} parts, more than a document has.")
        names = {member.filename for member in members}
        if "word/document.xml" not in names:
            raise _refuse(
                "this is a zip file but not a Word document: upload a .docx saved by Word."
            )
        total = 0
        for member in members:
            if member.flag_bits & 0x1:
                raise _refuse("this Word file is password-protected, so it cannot be read.")
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > MAX_UNZIPPED_BYTES or (
                ratio > MAX_COMPRESSION_RATIO and member.file_size > 1_048_576
            ):
                raise _refuse(
                    "the file unpacks to far more than it is (a \u201czip bomb\u201d), so it "
                    "was not opened. Save the document again from Word and upload that."
                )
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as part:
                    # A declaration comes before the root element, so the start of
                    # each part is enough (lxml, below, resolves no entity anyway).
                    if _DOCTYPE.search(part.read(PROLOGUE_BYTES)):
                        raise _refuse(
                            f"part {member.filename} declares a document type or entities, "
                            "which Word never writes, so the file was not opened."
                        )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


class _Numbering:
    """Word's automatic numbering, counted as Word shows it.

    Counters belong to the abstract list, so a numbered list carries on after a
    bullet list or a heading in between; a level restarts when a shallower level
    moves on, and a list instance with a start override starts again.
    """

    def __init__(self, document):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        linked: dict[str, str] = {}  # abstract id -> the list style it takes its levels from
        by_style: dict[str, str] = {}  # list style -> the abstract id that defines it
        for abstract in root.iter(f"{_W}abstractNum"):
            abstract_id = abstract.get(f"{_W}abstractNumId")
            if abstract.find(f"{_W}numStyleLink") is not None:
                linked[abstract_id] = _val(abstract.find(f"{_W}numStyleLink"), "")
            if abstract.find(f"{_W}styleLink") is not None:
                by_style[_val(abstract.find(f"{_W}styleLink"), "")] = abstract_id
            levels = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                levels[ilvl] = _Level(
                    fmt=_val(lvl.find(f"{_W}numFmt"), "decimal"),
                    text=_val(lvl.find(f"{_W}lvlText"), f"%{ilvl + 1}."),
                    start=int(_val(lvl.find(f"{_W}start"), "1")),
                )
            self.abstract[abstract_id] = levels
        # A list that uses a list style (Word's "numStyleLink") has its levels there.
        for abstract_id, style in linked.items():
            if not self.abstract.get(abstract_id) and by_style.get(style) in self.abstract:
                self.abstract[abstract_id] = self.abstract[by_style[style]]
        for num in root.iter(f"{_W}num"):
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[int(override.get(f"{_W}ilvl", "0"))] = int(_val(start, "1"))
            abstract_id = _val(num.find(f"{_W}abstractNumId"), "")
            self.instances[num.get(f"{_W}numId")] = (abstract_id, overrides)

    def label(self, num_id: str, ilvl: int) -> tuple[str, str, int] | None:
        """(format, the number as Word shows it, the level's own count), or None."""
        if num_id not in self.instances:
            return None
        abstract_id, overrides = self.instances[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl) or _Level("decimal", f"%{ilvl + 1}.", 1)
        if level.fmt == "bullet":
            return ("bullet", "", 0)
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override_level, start in overrides.items():
                counters[override_level] = start - 1
        counters[ilvl] = counters.get(ilvl, (level.start - 1)) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(match):
            k = int(match.group(1)) - 1
            k_level = levels.get(k) or _Level("decimal", "", 1)
            value = counters.get(k, k_level.start)
            return _format_number(value, k_level.fmt)

        return (level.fmt, re.sub(r"%(\d)", number, level.text).strip(), counters[ilvl])


def _val(element, default: str) -> str:
    if element is None:
        return default
    return element.get(f"{_W}val", default)


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(97 + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
            (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]  # fmt: skip
        out = ""
        for amount, numeral in numerals:
            while value >= amount:
                out, value = out + numeral, value - amount
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "none":
        return ""
    return str(value)


class _Styles:
    """Paragraph styles by id, read once: python-docx looks a paragraph's style up
    by searching every style, which for a long document took seconds."""

    def __init__(self, document):
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.numbering: dict[str, tuple[str | None, int | None]] = {}
        self.default = ""
        for style in document.styles.element.iter(f"{_W}style"):
            if style.get(f"{_W}type") != "paragraph":
                continue
            style_id = style.get(f"{_W}styleId", "")
            self.names[style_id] = _val(style.find(f"{_W}name"), style_id)
            based = style.find(f"{_W}basedOn")
            if based is not None:
                self.based_on[style_id] = _val(based, "")
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id, ilvl = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
                self.numbering[style_id] = (
                    _val(num_id, "") if num_id is not None else None,
                    int(_val(ilvl, "0")) if ilvl is not None else None,
                )
            if style.get(f"{_W}default") in ("1", "true", "on"):
                self.default = style_id

    def style_id(self, paragraph) -> str:
        p_pr = paragraph._p.pPr
        if p_pr is not None and p_pr.pStyle is not None:
            return p_pr.pStyle.val
        return self.default

    def name(self, paragraph) -> str:
        return self.names.get(self.style_id(paragraph), "")

    def num_pr(self, paragraph) -> tuple[str, int] | None:
        """The paragraph's (numId, level): its own, or its style's (and that style's base)."""
        p_pr = paragraph._p.pPr
        num_pr = p_pr.numPr if p_pr is not None else None
        ilvl = None
        if num_pr is not None:
            if num_pr.ilvl is not None:
                ilvl = int(num_pr.ilvl.val)
            if num_pr.numId is not None:
                return str(num_pr.numId.val), ilvl or 0
        style_id, seen = self.style_id(paragraph), set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.numbering:
                num_id, style_ilvl = self.numbering[style_id]
                if num_id is not None:
                    if ilvl is None:
                        ilvl = style_ilvl
                    return num_id, ilvl or 0
            style_id = self.based_on.get(style_id, "")
        return None


_LINK_SCHEMES = ("http://", "https://", "mailto:")
_NOT_NOTES = {"separator", "continuationSeparator", "continuationNotice"}


class _WordNotes:
    """Footnotes and endnotes are part of the text: each is kept in brackets right
    after the words that cite it ("(Footnote 1: …)"), numbered as Word shows them,
    and reported. Reviewers' comments in the margin are not part of the text: they
    are left out, and reported where they were."""

    def __init__(self, document, notes: list[Note]):
        from docx.oxml import parse_xml

        self.notes = notes
        self.texts: dict[tuple[str, str], str] = {}
        self.shown = {"footnote": 0, "endnote": 0}
        self.commented: set[str] = set()
        for rel in document.part.rels.values():
            kind = rel.reltype.rsplit("/", 1)[-1].removesuffix("s")
            if rel.is_external or kind not in self.shown:
                continue
            for note in parse_xml(rel.target_part.blob).iterchildren(f"{_W}{kind}"):
                if note.get(f"{_W}type") in _NOT_NOTES:
                    continue
                paragraphs = (
                    " ".join("".join(t.text or "" for t in p.iter(f"{_W}t")).split())
                    for p in note.iter(f"{_W}p")
                )
                self.texts[(kind, note.get(f"{_W}id"))] = " ".join(filter(None, paragraphs))

    def cited_in(self, element, where: str) -> str:
        """The notes ``element`` cites, as text to follow its words ("" for none)."""
        kept = []
        for ref in element.iter(
            f"{_W}footnoteReference", f"{_W}endnoteReference", f"{_W}commentReference"
        ):
            kind = ref.tag.removeprefix(_W).removesuffix("Reference")
            if kind == "comment":
                if where not in self.commented:
                    self.commented.add(where)
                    self.notes.append(
                        Note(where, "a reviewer's comment was left out: comments are not text.")
                    )
                continue
            self.shown[kind] += 1
            number = self.shown[kind]
            text = self.texts.get((kind, ref.get(f"{_W}id")), "")
            if not text:
                self.notes.append(Note(where, f"{kind} {number} is cited but has no text."))
                continue
            kept.append(f" ({kind.capitalize()} {number}: {text})")
            self.notes.append(
                Note(where, f"{kind} {number} is kept in brackets after the words that cite it.")
            )
        return "".join(kept)


def _inline_text(paragraph, word_notes: _WordNotes, where: str) -> tuple[str, bool]:
    """The paragraph as one line of Markdown (bold kept, links kept, footnotes in
    brackets where they are cited), and whether it is all bold."""
    from docx.text.hyperlink import Hyperlink

    notes = word_notes.notes

    parts: list[tuple[str, bool]] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            text = item.text
            address = item.address or ""
            if text.strip() and address.startswith(_LINK_SCHEMES):
                url = address + (f"#{item.fragment}" if item.fragment else "")
                parts.append((f"[{_escape(text.strip())}]({url.replace(')', '%29')})", False))
            else:
                parts.append((_escape(text), False))
            continue
        element = item.element
        if element.find(f".//{_W}drawing") is not None or element.find(f".//{_W}pict") is not None:
            notes.append(
                Note(where, "a picture or text box was left out: the portal imports text only.")
            )
        text = item.text.replace("\t", " ").replace("\n", " ")
        parts.append((_escape(text), bool(item.bold)))
        cited = word_notes.cited_in(element, where)
        if cited:
            parts.append((_escape(cited), False))
    plain = "".join(text for text, _ in parts)
    if not plain.strip():
        return "", False
    all_bold = all(bold for text, bold in parts if text.strip())
    if all_bold:
        return f"**{' '.join(plain.split())}**", True
    # Runs in bold (a run-in heading such as "Do:") keep their emphasis.
    out, bold_run = [], []
    for text, bold in parts + [("", False)]:
        if bold:
            bold_run.append(text)
            continue
        if bold_run:
            joined = "".join(bold_run)
            core = joined.strip()
            if core:
                lead = joined[: len(joined) - len(joined.lstrip())]
                trail = joined[len(joined.rstrip()) :]
                out.append(f"{lead}**{core}**{trail}")
            else:
                out.append(joined)
            bold_run = []
        out.append(text)
    return " ".join("".join(out).split()), False


def _escape(text: str) -> str:
    """Word's text is words, not Markdown: characters Markdown reads as markup are escaped."""
    return re.sub(r"([\\`*_<>\[\]])", r"\\\1", text)


def _heading_level(style_name: str) -> int | None:
    name = style_name.lower()
    if name == "title":
        return 0
    match = re.fullmatch(r"heading (\d)", name)
    return int(match.group(1)) if match else None


def read_docx(data: bytes, title: str = "") -> ParsedDocument:
    """A Word document -> a parsed document (see the module's docstring)."""
    check_docx(data)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a damaged package
        raise _refuse("the file is damaged: Word's parts inside it could not be read.") from None
    numbering = _Numbering(document)
    styles = _Styles(document)
    notes: list[Note] = []
    word_notes = _WordNotes(document, notes)
    lines: list[str] = []
    where: list[str] = []
    counts = {"paragraph": 0, "table": 0}

    def emit(line: str, place: str) -> None:
        lines.extend([line, ""])
        where.extend([place, place])

    def blocks(parent, container):
        for child in parent.iterchildren():
            if child.tag == f"{_W}p":
                yield Paragraph(child, container)
            elif child.tag == f"{_W}tbl":
                yield Table(child, container)
            elif child.tag == f"{_W}sdt":  # a content control: read what is inside it
                content = child.find(f"{_W}sdtContent")
                if content is not None:
                    yield from blocks(content, container)

    have_title = False
    for block in blocks(document.element.body, document._body):
        if isinstance(block, Table):
            counts["table"] += 1
            place = f"table {counts['table']}"
            rows = _table_rows(block, word_notes, place)
            if rows:
                lines.extend([*rows, ""])
                where.extend([place] * (len(rows) + 1))
            continue
        counts["paragraph"] += 1
        place = f"paragraph {counts['paragraph']}"
        text, all_bold = _inline_text(block, word_notes, place)
        if not text:
            continue
        level = _heading_level(styles.name(block))
        if not have_title:
            have_title = True
            if level in (0, 1) or all_bold or level is None:
                emit(text.strip("*") if all_bold else text, place)
                continue
        if level == 0:
            notes.append(Note(place, "a second Title line is kept as a heading."))
            level = 1
        numbered = styles.num_pr(block)
        label = numbering.label(*numbered) if numbered else None
        if label and label[0] == "bullet":
            emit(f"- {text}", place)
        elif level is not None:
            number = ""
            if label and label[1]:
                number = f"{label[2]}. " if label[0] == "decimal" and ":" not in label[1] else ""
                number = number or f"{label[1]} "
            hashes = "#" * min(level + 1, 6)
            emit(f"{hashes} {number}{text}", place)
        elif label and label[1]:
            fmt, shown, count = label
            if fmt == "decimal" and re.fullmatch(r"\(?\d+[.)]?", shown):
                emit(f"{count}. {text}", place)
            else:
                emit(f"{shown} {text}", place)
        else:
            emit(text, place)
    if not lines:
        raise _refuse("the Word document has no text.")
    parsed = parse("\n".join(lines), where=where, fallback_title=title)
    parsed.notes[:0] = notes
    parsed.source_format = "Word"
    return parsed


def _table_rows(table, word_notes: _WordNotes, place: str) -> list[str]:
    """A Word table as a Markdown table: the first row is its header."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(p.text + word_notes.cited_in(p._p, place) for p in cell.paragraphs)
            cells.append(_escape(" ".join(text.split())).replace("|", "\\|") or " ")
        rows.append(cells)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    rows = [row + [" "] * (width - len(row)) for row in rows]
    lines = [f"| {' | '.join(rows[0])} |", f"|{' --- |' * width}"]
    lines += [f"| {' | '.join(row)} |" for row in rows[1:]]
    return lines


# -- HTML ------------------------------------------------------------------------


class _HTMLReader(HTMLParser):
    """Headings, paragraphs, lists, tables, links and bold from a saved web page."""

    SKIP = {"script", "style", "head", "nav", "footer", "header", "noscript", "template"}
    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd"}
    BLOCKS |= {"blockquote", "pre", "section", "article", "main", "tr", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.where: list[str] = []
        self.skipping = 0
        self.text: list[str] = []
        self.block_line = 1
        self.heading = None
        self.lists: list[list] = []  # ["ul" or "ol", count]
        self.in_item = False
        self.link = None
        self.row: list[str] | None = None
        self.table: list[list[str]] | None = None
        self.title = ""
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
            if tag == "head":
                self.skipping -= 1  # the <title> inside <head> names the page
        if tag == "title":
            self.in_title = True
        if self.skipping:
            return
        if tag in self.BLOCKS or tag in ("ul", "ol", "br"):
            if tag == "br":
                self.text.append(" ")
                return
            if tag not in ("td", "th"):
                self._flush()
            self.block_line = self.getpos()[0]
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = int(tag[1])
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            self.in_item = True
        elif tag in ("strong", "b"):
            self.text.append("**")
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            self.link = href if href.startswith(_LINK_SCHEMES) else None
            if self.link:
                self.text.append("[")
        elif tag == "table":
            self.table = []
        elif tag == "tr" and self.table is not None:
            self.row = []
        elif tag in ("td", "th"):
            self._flush_text_into_cell()

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in self.SKIP and tag != "head":
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in ("strong", "b"):
            self.text.append("**")
        elif tag == "a" and self.link:
            self.text.append(f"]({self.link.replace(')', '%29')})")
            self.link = None
        elif tag in ("td", "th") and self.row is not None:
            cell = " ".join("".join(self.text).split()).replace("|", "\\|")
            self.row.append(cell or " ")
            self.text = []
        elif tag == "tr" and self.table is not None and self.row is not None:
            if any(cell.strip() for cell in self.row):
                self.table.append(self.row)
            self.row = None
        elif tag == "table" and self.table is not None:
            self._emit_table()
        elif tag in ("ul", "ol") and self.lists:
            self._flush()
            self.lists.pop()
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if self.skipping:
            return
        self.text.append(data)

    def _flush_text_into_cell(self):
        self.text = []

    def _flush(self):
        if self.row is not None:
            return  # text inside a table cell stays for the cell
        text = " ".join("".join(self.text).replace("** **", " ").split())
        text = text.replace("****", "")
        self.text = []
        if not text or text in ("**",):
            self.heading, self.in_item = None, False
            return
        if self.heading is not None:
            line = f"{'#' * self.heading} {text}"
        elif self.in_item and self.lists:
            kind, count = self.lists[-1]
            line = f"{count}. {text}" if kind == "ol" and len(self.lists) == 1 else f"- {text}"
        else:
            line = text
        self.lines.extend([line, ""])
        self.where.extend([f"line {self.block_line}"] * 2)
        self.heading, self.in_item = None, False

    def _emit_table(self):
        rows, self.table = self.table, None
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [" "] * (width - len(row)) for row in rows]
        table = [f"| {' | '.join(rows[0])} |", f"|{' --- |' * width}"]
        table += [f"| {' | '.join(row)} |" for row in rows[1:]]
        self.lines.extend([*table, ""])
        self.where.extend([f"line {self.block_line}"] * (len(table) + 1))


def html_to_lines(text: str) -> tuple[list[str], list[str]]:
    """A web page as lines of the portal's shape: its first heading (or <title>)
    first, headings as Markdown headings, list items as bullets or numbers."""
    reader = _HTMLReader()
    reader.feed(text)
    reader.close()
    reader._flush()
    lines, where = reader.lines, reader.where
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].startswith("# "):
        lines[first] = lines[first][2:]
    elif reader.title.strip():
        lines, where = [" ".join(reader.title.split()), "", *lines], ["line 1", "line 1", *where]
    return lines, where
