"""Word documents built in the tests (and the import benchmark) with python-docx.

``word_document(parts)`` writes a .docx from a list of parts, using Word's
automatic numbering (a numbering definition in numbering.xml and ``numPr`` on
each numbered paragraph), so the numbers are not in the text, as in the
documents councils keep.

Parts: ``("title", text)``, ``("heading", level, text)``, ``("numbered", text)``
(level 0: "1.", "2." …), ``("sub", text)`` (level 1: "1.1"), ``("bullet", text)``,
``("para", text)`` (text in ``**`` is bold), ``("bold", text)``, ``("runin", bold, rest)``,
``("link", before, words, url, after)``, ``("table", rows)``,
``("numbered-heading", level, text)`` (a heading with Word numbering),
``("restart",)`` (the next numbered paragraph starts a new list at 1),
``("header", text)`` and ``("footer", text)``.
"""

import io

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

_ABSTRACT = """<w:abstractNum {ns} w:abstractNumId="{id}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1."/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="%1.%2"/><w:pPr><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>
    <w:lvlText w:val="(%3)"/></w:lvl>
</w:abstractNum>"""


class _Lists:
    """Numbering definitions added to the document's numbering.xml."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        self.abstract_id = 90
        self.num_id = None
        self.restart = False
        self.new_list()

    def new_list(self, restart=False):
        self.abstract_id += 1
        abstract = parse_xml(_ABSTRACT.format(ns=nsdecls("w"), id=self.abstract_id))
        # abstractNum elements come before num elements in numbering.xml.
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.num_id = str(100 + self.abstract_id)
        num = parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{self.num_id}">'
            f'<w:abstractNumId w:val="{self.abstract_id}"/></w:num>'
        )
        self.numbering.append(num)

    def number(self, paragraph, level):
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = int(self.num_id)


def _hyperlink(paragraph, words, url):
    part = paragraph.part
    r_id = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:t xml:space="preserve">'
        f"{words}</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)


def _runs(paragraph, text):
    """Text with "**bold**" spans as Word runs, the spans in bold."""
    for i, piece in enumerate(text.split("**")):
        if piece:
            paragraph.add_run(piece).bold = bool(i % 2) or None
    return paragraph


def word_document(parts) -> bytes:
    """A .docx (bytes) made of ``parts`` (see the module's docstring)."""
    document = docx.Document()
    lists = _Lists(document)
    for part in parts:
        kind, *args = part
        if kind == "title":
            document.add_paragraph(args[0], style="Title")
        elif kind == "heading":
            document.add_heading(args[1], level=args[0])
        elif kind == "numbered-heading":
            lists.number(document.add_heading(args[1], level=args[0]), 0)
        elif kind == "numbered":
            lists.number(_runs(document.add_paragraph(), args[0]), 0)
        elif kind == "sub":
            lists.number(_runs(document.add_paragraph(), args[0]), 1)
        elif kind == "restart":
            lists.new_list()
        elif kind == "bullet":
            _runs(document.add_paragraph(style="List Bullet"), args[0])
        elif kind == "para":
            _runs(document.add_paragraph(), args[0])
        elif kind == "bold":
            document.add_paragraph().add_run(args[0]).bold = True
        elif kind == "runin":
            paragraph = document.add_paragraph()
            paragraph.add_run(args[0]).bold = True
            paragraph.add_run(args[1])
        elif kind == "link":
            paragraph = document.add_paragraph(args[0])
            _hyperlink(paragraph, args[1], args[2])
            paragraph.add_run(args[3])
        elif kind == "table":
            rows = args[0]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for row, values in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, values, strict=True):
                    cell.text = value
        elif kind == "header":
            document.sections[0].header.paragraphs[0].text = args[0]
        elif kind == "footer":
            document.sections[0].footer.paragraphs[0].text = args[0]
        else:
            raise ValueError(f"unknown part {kind!r}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def text_to_word_parts(text: str) -> list:
    """A document in the portal's text shape as Word parts: the numbers of
    numbered paragraphs become Word's automatic numbering, "- " lines bullets."""
    import re

    parts = []
    lines = [line.strip() for line in text.splitlines()]
    title_done = False
    for line in lines:
        if not line:
            continue
        if not title_done:
            parts.append(("title", line))
            title_done = True
            continue
        numbered = re.match(r"^\d{1,3}[.)]\s+(.*)$", line)
        bullet = re.match(r"^[-*•]\s+(.*)$", line)
        if numbered:
            parts.append(("numbered", numbered.group(1)))
        elif bullet:
            parts.append(("bullet", bullet.group(1)))
        else:
            parts.append(("para", line))
    return parts
