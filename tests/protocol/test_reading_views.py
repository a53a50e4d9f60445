"""Reading the protocol: contents, sections, the whole document and versions."""

from html import escape

import pytest
from django.urls import reverse

from protocol.models import Rule
from tests import factories

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "member", "officer", "comms"])
def test_every_reading_page_opens_for_every_role(persona, request, client, sample_version):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    section = sample_version.sections.order_by("order").first()
    urls = [
        reverse("home"),
        reverse("accessibility"),
        sample_version.get_absolute_url(),
        reverse("protocol:all", kwargs={"document": sample_version.document.slug}),
        reverse("protocol:versions", kwargs={"document": sample_version.document.slug}),
        section.get_absolute_url(),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _text(response).count("<h1") == 1, url


def test_home_links_to_each_current_document(client, sample_version):
    response = client.get(reverse("home"))
    assert escape(sample_version.document.title) in _text(response)
    assert sample_version.get_absolute_url() in _text(response)


def test_contents_says_which_version_and_when_it_took_effect(client, sample_version):
    response = client.get(sample_version.get_absolute_url())
    text = _text(response)
    assert f"Version {sample_version.number}" in text
    assert sample_version.effective_date.strftime("%-d %B %Y") in text


def test_section_page_shows_body_and_every_rule_with_its_anchor(client, sample_version):
    section = sample_version.sections.get(rules__kind=Rule.Kind.DO, rules__order=1)
    response = client.get(section.get_absolute_url())
    text = _text(response)
    for rule in section.rules.all():
        assert f'id="{rule.anchor}"' in text
    assert "Don&#x27;t" in text or "Don't" in text


def test_whole_document_holds_every_section_and_rule(client, sample_version):
    response = client.get(
        reverse("protocol:all", kwargs={"document": sample_version.document.slug})
    )
    text = _text(response)
    for section in sample_version.sections.all():
        assert f'id="{section.slug}"' in text
        for rule in section.rules.all():
            assert f'id="{rule.anchor}"' in text
    assert "print.css" in text


def test_superseded_version_is_marked_and_links_to_the_current_section(
    client, document_with_history
):
    document, first, second = document_with_history
    section = first.sections.order_by("order").first()
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    assert f"/protocol/{document.slug}/v{first.number}/" in section.get_absolute_url()
    text = _text(response)
    assert "has been replaced" in text
    current = second.sections.get(slug=section.slug)
    assert current.get_absolute_url() in text
    assert f"version {second.number}" in text


def test_superseded_version_whole_page_and_contents_stay_readable(client, document_with_history):
    document, first, _ = document_with_history
    for name in ("protocol:version_contents", "protocol:version_all"):
        url = reverse(name, kwargs={"document": document.slug, "number": first.number})
        response = client.get(url)
        assert response.status_code == 200
        assert "has been replaced" in _text(response)


def test_current_version_number_url_redirects_to_the_unnumbered_url(client, document_with_history):
    document, _, second = document_with_history
    url = reverse(
        "protocol:version_contents", kwargs={"document": document.slug, "number": second.number}
    )
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == reverse("protocol:contents", kwargs={"document": document.slug})


def test_pages_link_to_earlier_versions(client, document_with_history):
    document, first, _ = document_with_history
    response = client.get(reverse("protocol:contents", kwargs={"document": document.slug}))
    assert reverse("protocol:versions", kwargs={"document": document.slug}) in _text(response)
    response = client.get(reverse("protocol:versions", kwargs={"document": document.slug}))
    assert first.get_absolute_url() in _text(response)


@pytest.mark.parametrize("persona", ["anonymous", "member", "other_member"])
def test_a_draft_is_never_reachable_from_the_reading_pages(persona, request, client):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    document = factories.make_document("Draft Only")
    draft = factories.make_version(document)
    section = draft.sections.first()
    for url in [
        reverse("protocol:contents", kwargs={"document": document.slug}),
        reverse("protocol:version_contents", kwargs={"document": document.slug, "number": 1}),
        reverse("protocol:version_all", kwargs={"document": document.slug, "number": 1}),
        reverse(
            "protocol:version_section",
            kwargs={"document": document.slug, "number": 1, "section": section.slug},
        ),
    ]:
        assert client.get(url).status_code == 404, url


def test_draft_of_a_published_document_stays_hidden(client, sample_version):
    draft = factories.import_sample(publish_it=False)
    assert draft.is_draft
    url = reverse(
        "protocol:version_contents",
        kwargs={"document": draft.document.slug, "number": draft.number},
    )
    assert client.get(url).status_code == 404
    response = client.get(sample_version.get_absolute_url())
    assert f"Version {sample_version.number}" in _text(response)


def test_unknown_document_and_section_are_404(client, sample_version):
    assert client.get("/protocol/no-such-document/").status_code == 404
    url = reverse(
        "protocol:section",
        kwargs={"document": sample_version.document.slug, "section": "no-such-section"},
    )
    assert client.get(url).status_code == 404


def test_login_can_be_required_to_read(client, member, sample_version, settings):
    settings.PROTOCOL_REQUIRE_LOGIN = True
    response = client.get(sample_version.get_absolute_url())
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    client.force_login(member)
    assert client.get(sample_version.get_absolute_url()).status_code == 200


def test_section_body_markdown_is_rendered_and_sanitised(client, db):
    document = factories.make_document("Unsafe Body")
    version = factories.make_version(document, sections=1)
    section = version.sections.get()
    section.body = "Some **bold** text <script>alert(1)</script> <img src=x onerror=alert(2)>"
    section.save()
    version = factories.publish_version(version)
    response = client.get(version.sections.get().get_absolute_url())
    assert response.status_code == 200
    text = _text(response)
    assert "<strong>bold</strong>" in text
    assert "<script>alert" not in text
    assert "onerror" not in text


def test_pages_send_a_content_security_policy_of_the_portals_own_origin(client, sample_version):
    response = client.get(sample_version.get_absolute_url())
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "http" not in policy


def test_pages_reference_no_other_host(client, sample_version):
    url = reverse("protocol:all", kwargs={"document": sample_version.document.slug})
    response = client.get(url)
    text = _text(response)
    assert 'src="http' not in text
    assert 'href="http' not in text.split("<main")[0]


def test_a_bad_comparison_is_listed_at_the_top_with_a_link_to_its_field(
    client, document_with_history
):
    document, first, second = document_with_history
    url = reverse("protocol:compare", kwargs={"document": document.slug})
    html = _text(client.get(url, {"from": "99", "to": str(second.number)}))
    summary = html[
        html.index('id="error-summary"') : html.index("</div>", html.index("error-summary"))
    ]
    assert "There is a problem" in summary
    assert (
        '<a class="alert-link" href="#id_from">Choose the version to compare from the list.</a>'
        in summary
    )
    html = _text(client.get(url, {"from": str(first.number), "to": str(first.number)}))
    assert "Choose two different versions to compare." in html


def test_a_bad_date_is_listed_at_the_top_with_a_link_to_its_field(client, sample_version):
    url = reverse("protocol:as_of", kwargs={"document": sample_version.document.slug})
    html = _text(client.get(url, {"date": "soon"}))
    assert 'href="#id_date">Enter the date as day, month and year' in html
