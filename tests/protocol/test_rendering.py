"""Markdown from anyone is rendered as HTML, and only safe HTML reaches a page."""

import pytest
from django.urls import reverse
from django.utils.safestring import SafeString

from protocol.models import Rule, Section
from protocol.publishing import publish
from protocol.rendering import render_inline, render_markdown
from tests import factories


def test_markdown_lists_emphasis_and_links_render():
    html = render_markdown(
        "Some *emphasis* and **strong** words.\n\n"
        "- first\n- second\n\n"
        "1. one\n2. two\n\n"
        "[the Code](https://example.org/code)"
    )
    assert "<em>emphasis</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<ul>\n<li>first</li>\n<li>second</li>\n</ul>" in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert '<a href="https://example.org/code" rel="noopener noreferrer">the Code</a>' in html


def test_rendered_markdown_is_marked_safe_for_templates():
    assert isinstance(render_markdown("*a*"), SafeString)
    assert isinstance(render_inline("*a*"), SafeString)
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_inline_rendering_drops_the_wrapping_paragraph_only():
    assert render_inline("post in *haste*") == "post in <em>haste</em>"
    two_paragraphs = render_inline("one\n\ntwo")
    assert two_paragraphs.count("<p>") == 2


@pytest.mark.parametrize(
    "dangerous",
    [
        "<script>alert('x')</script>",
        "Text <script src='https://evil.example/x.js'></script> more",
        "<SCRIPT>alert('x')</SCRIPT>",
    ],
)
def test_script_tags_and_their_content_are_removed(dangerous):
    html = render_markdown(dangerous)
    assert "<script" not in html.lower()
    assert "alert" not in html
    assert "evil.example" not in html


@pytest.mark.parametrize(
    "dangerous",
    [
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">click</p>',
        '<a href="https://example.org" onmouseover="alert(1)">hover</a>',
        '<div style="background:url(x)" onerror=alert(1)>x</div>',
    ],
)
def test_event_handler_attributes_are_removed(dangerous):
    html = render_markdown(dangerous).lower()
    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "style=" not in html
    assert "alert" not in html


@pytest.mark.parametrize(
    "dangerous",
    [
        "[click me](javascript:alert(1))",
        '<a href="javascript:alert(1)">click me</a>',
        '<a href="JaVaScRiPt:alert(1)">click me</a>',
        "[click me](data:text/html;base64,PHNjcmlwdD4=)",
        "[click me](vbscript:msgbox(1))",
    ],
)
def test_dangerous_link_schemes_are_removed_but_the_words_stay(dangerous):
    html = render_markdown(dangerous)
    lowered = html.lower()
    assert "javascript:" not in lowered
    assert "data:" not in lowered
    assert "vbscript:" not in lowered
    assert "click me" in html


def test_iframes_objects_forms_and_styles_are_removed():
    html = render_markdown(
        '<iframe src="https://evil.example/"></iframe>\n\n'
        '<object data="x.swf"></object>\n\n'
        '<form action="https://evil.example/"><input name="password"></form>\n\n'
        "<style>body { display: none }</style>\n\nKept text."
    ).lower()
    for tag in ("<iframe", "<object", "<form", "<input", "<style"):
        assert tag not in html
    assert "evil.example" not in html
    assert "display: none" not in html
    assert "kept text." in html


def test_html_in_text_is_escaped_not_interpreted():
    html = render_markdown("Use `<script>` tags? Never.")
    assert "<code>&lt;script&gt;</code>" in html


def test_allowed_markup_survives_sanitising():
    html = render_markdown(
        "| Term | Meaning |\n| --- | --- |\n| Libel | untrue |\n\n> quoted\n\n## Heading"
    )
    assert "<table>" in html and "<td>Libel</td>" in html
    assert "<blockquote>" in html
    assert "<h2>Heading</h2>" in html


# -- through a real page ---------------------------------------------------------

PAYLOAD = (
    "Harmless words.\n\n"
    "<script>alert('body')</script>\n\n"
    '<img src="x" onerror="alert(\'img\')">\n\n'
    "[a link](javascript:alert('link'))\n\n"
    '<iframe src="https://evil.example/"></iframe>'
)


@pytest.fixture
def hostile_version(db):
    """A published version whose section body and rule carry script payloads."""
    document = factories.make_document("Hostile Protocol", "hostile-protocol")
    draft = factories.make_version(document, sections=2, rules_per_section=1)
    section = draft.sections.get(order=1)
    section.body = PAYLOAD
    section.save()
    rule = section.rules.get(order=1)
    rule.text = "post <script>alert('rule')</script> *carefully* <img src=x onerror=alert(2)>"
    rule.save()
    return publish(draft).version


def _assert_no_payload(html):
    assert "alert(" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "evil.example" not in html


@pytest.mark.django_db
def test_section_page_does_not_carry_a_script_written_into_its_body(client, hostile_version):
    section = Section.objects.get(version=hostile_version, order=1)
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harmless words." in html
    assert "<em>carefully</em>" in html
    _assert_no_payload(html)


@pytest.mark.django_db
def test_whole_document_page_does_not_carry_a_script(client, hostile_version):
    url = reverse("protocol:all", kwargs={"document": hostile_version.document.slug})
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Harmless words." in html
    _assert_no_payload(html)


@pytest.mark.django_db
def test_rule_text_on_the_page_is_sanitised(client, hostile_version):
    rule = Rule.objects.get(section__version=hostile_version, section__order=1)
    response = client.get(rule.section.get_absolute_url())
    html = response.content.decode()
    assert f'id="{rule.anchor}"' in html
    assert "post" in html
    _assert_no_payload(html)


def test_only_the_visually_hidden_class_survives():
    html = render_markdown(
        '<span class="visually-hidden alert alert-danger" id="x">hidden</span> '
        '<p class="fixed-top">top</p>'
    )
    assert '<span class="visually-hidden">hidden</span>' in html
    assert "alert-danger" not in html
    assert "fixed-top" not in html
    assert 'id="x"' not in html
