from html import escape


def test_sample_imports_and_contents_page_lists_its_sections(client, sample_version):
    response = client.get(sample_version.get_absolute_url())
    assert response.status_code == 200
    assert sample_version.sections.count() == 8
    for section in sample_version.sections.all():
        assert escape(section.title) in response.content.decode()


def test_superseded_version_keeps_its_url(client, document_with_history):
    document, first, second = document_with_history
    assert first.is_superseded and second.is_current
    response = client.get(first.get_absolute_url())
    assert response.status_code == 200
    assert f"/protocol/{document.slug}/v{first.number}/" == first.get_absolute_url()
