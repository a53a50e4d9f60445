"""Members attach screenshots and PDFs to a question or a follow-up: the type is found
from the content (Pillow verifies pictures; a PDF starts with %PDF-), size and count
are limited, files are stored outside anything the web server serves, only the
member and the staff who may handle the request can open them, and they go when the
request is deleted. No file name reaches an e-mail."""

import io

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal import roles
from protocol.advice.models import AdviceEvent, AdviceRequest, Attachment
from protocol.models import Notification
from tests.advice.factories import QUESTION, ask, form_data

pytestmark = pytest.mark.django_db

ASK = "/advice/ask/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def picture(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _send_with(client, topic, *files, **extra):
    return client.post(
        ASK, {**form_data(topic, action="send", **extra), "attachments": list(files)}
    )


def _only_attachment():
    attachment = Attachment.objects.select_related("request").get()
    return attachment, attachment.get_absolute_url()


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("PNG", "image/png"), ("JPEG", "image/jpeg"), ("GIF", "image/gif"), ("WEBP", "image/webp")],
)
def test_a_picture_is_attached_to_the_question_and_opens_in_the_browser(
    member_client, comms_topic, attachment_root, fmt, content_type
):
    content = picture(fmt)
    response = _send_with(member_client, comms_topic, upload(f"the post.{fmt.lower()}", content))
    assert response.status_code == 302
    attachment, url = _only_attachment()
    assert attachment.content_type == content_type
    assert attachment.name == f"the post.{fmt.lower()}"
    assert attachment.size == len(content)
    stored = attachment_root / attachment.file.name
    assert stored.read_bytes() == content
    assert "the post" not in attachment.file.name  # stored under a random name

    download = member_client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("inline")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_pdf_is_always_a_download(member_client, comms_topic):
    _send_with(member_client, comms_topic, upload("letter.pdf", PDF, "application/pdf"))
    attachment, url = _only_attachment()
    assert attachment.content_type == "application/pdf"
    download = member_client.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="letter.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_type_comes_from_the_content_not_the_name_or_the_browser(member_client, comms_topic):
    _send_with(member_client, comms_topic, upload("notes.pdf", picture(), "application/pdf"))
    attachment, url = _only_attachment()
    assert attachment.content_type == "image/png"
    assert attachment.file.name.endswith(".png")
    assert member_client.get(url)["Content-Type"] == "image/png"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("post.png", b"<html><script>alert(1)</script></html>", "image/png"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "image/svg+xml",
        ),
        ("cut-off.png", picture()[:60], "image/png"),
        ("cut-off.jpg", picture("JPEG", (400, 300))[:400], "image/jpeg"),
        ("report.docx", b"PK\x03\x04 a word document", "application/pdf"),
        ("bitmap.bmp", picture("BMP"), "image/bmp"),
        ("empty.png", b"", "image/png"),
    ],
)
def test_anything_but_a_picture_or_pdf_is_refused_and_the_question_is_kept(
    member_client, comms_topic, name, content, content_type
):
    question = "My question, typed with care, about the depot <and> its car park."
    response = _send_with(
        member_client, comms_topic, upload(name, content, content_type), question=question
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in page
    assert f"“{name}” is " in page
    assert "so it was not attached" in page
    assert "My question, typed with care, about the depot &lt;and&gt; its car park." in page
    assert not AdviceRequest.objects.exists()
    assert not Attachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(member_client, comms_topic, settings):
    settings.ADVICE_ATTACHMENT_MAX_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    page = _send_with(member_client, comms_topic, upload("big.pdf", big)).content.decode()
    assert "“big.pdf” is 1.0\xa0MB: files can be at most 1 MB" in page
    assert not AdviceRequest.objects.exists()


def test_too_many_files_are_refused(member_client, comms_topic, settings):
    settings.ADVICE_ATTACHMENTS_PER_MESSAGE = 2
    files = [upload(f"{n}.png", picture()) for n in range(3)]
    page = _send_with(member_client, comms_topic, *files).content.decode()
    assert "Attach at most 2 files to one message (you chose 3)." in page
    assert not AdviceRequest.objects.exists()


def test_with_another_problem_the_member_is_told_to_choose_the_files_again(
    member_client, comms_topic
):
    response = _send_with(member_client, comms_topic, upload("a.png", picture()), question="short")
    page = response.content.decode()
    assert "Say a little more" in page
    assert "choose them again" in page
    assert not Attachment.objects.exists()


def test_the_form_is_multipart_and_accepts_only_pictures_and_pdfs(member_client, comms_topic):
    page = member_client.get(ASK).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'type="file" name="attachments"' in page
    assert "multiple" in page
    assert 'accept="image/png,image/jpeg,image/gif,image/webp,application/pdf' in page


def test_a_follow_up_can_carry_files_and_no_text(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    url = f"/advice/requests/{advice_request.reference}/follow-up/"
    response = member_client.post(
        url, {"body": "", "attachments": [upload("proof.jpg", picture("JPEG"))]}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.message.request == advice_request
    assert attachment.message.author == member
    page = member_client.get(advice_request.get_absolute_url()).content.decode()
    assert f'<a href="{attachment.get_absolute_url()}">proof.jpg</a>' in page


def test_a_follow_up_with_neither_text_nor_files_is_refused(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    response = member_client.post(f"/advice/requests/{advice_request.reference}/follow-up/", {})
    assert "Enter your message." in response.content.decode()


def test_a_bad_file_on_a_follow_up_keeps_the_message(member_client, member, comms_topic):
    advice_request = ask(member, comms_topic)
    response = member_client.post(
        f"/advice/requests/{advice_request.reference}/follow-up/",
        {"body": "Here is what they sent me.", "attachments": [upload("x.exe", b"MZ\x90\x00")]},
    )
    page = response.content.decode()
    assert "“x.exe” is not a picture (PNG, JPEG, GIF or WebP) or a PDF" in page
    assert "Here is what they sent me." in page
    assert not advice_request.messages.exists()


def test_the_request_page_lists_the_questions_files(member_client, member, comms_topic):
    _send_with(member_client, comms_topic, upload("the post.png", picture()))
    attachment, url = _only_attachment()
    page = member_client.get(attachment.request.get_absolute_url()).content.decode()
    assert f'<a href="{url}">the post.png</a>' in page
    assert "(PNG, " in page


@pytest.fixture
def attached(member_client, comms_topic):
    _send_with(member_client, comms_topic, upload("evidence.png", picture()))
    return _only_attachment()


def test_another_member_cannot_open_a_file(attached, other_member, client):
    _, url = attached
    client.force_login(other_member)
    assert client.get(url).status_code == 404


def test_someone_not_logged_in_is_sent_to_log_in(attached, client):
    _, url = attached
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_team_the_request_went_to_and_the_monitoring_officer_can_open_it(
    attached, comms_client, officer_client
):
    attachment, url = attached
    assert comms_client.get(url).status_code == 200
    assert officer_client.get(url).status_code == 200
    # Staff opening a member's file is in the access log, as opening the request is.
    opened = attachment.request.accesses.values_list("user__username", flat=True)
    assert sorted(opened) == ["comms", "officer"]


def test_the_member_opening_their_own_file_is_not_logged(attached, member_client):
    attachment, url = attached
    member_client.get(url)
    assert not attachment.request.accesses.exists()


def test_staff_of_another_team_cannot_open_it(member, officer_topic, client, django_user_model):
    from django.contrib.auth.models import Group

    advice_request = ask(member, officer_topic)  # goes to the Monitoring Officer's team
    from protocol.advice import attachments

    checked = attachments.check(upload("a.png", picture()))
    attachments.save([checked], advice_request, by=member)
    comms = django_user_model.objects.create_user("comms2", is_staff=True)
    comms.groups.add(Group.objects.get(name=roles.COMMUNICATIONS))
    client.force_login(comms)
    assert client.get(Attachment.objects.get().get_absolute_url()).status_code == 404


def test_a_file_under_the_wrong_reference_is_a_404(attached, member, member_client, comms_topic):
    attachment, _ = attached
    other = ask(member, comms_topic)
    url = f"/advice/requests/{other.reference}/files/{attachment.pk}/"
    assert member_client.get(url).status_code == 404


def test_files_are_removed_with_their_request(
    attached, attachment_root, django_capture_on_commit_callbacks
):
    attachment, _ = attached
    stored = attachment_root / attachment.file.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        AdviceRequest.objects.get().delete()
    assert not Attachment.objects.exists()
    assert not stored.exists()


def test_a_file_missing_from_storage_is_a_404_not_an_error(
    attached, member_client, attachment_root
):
    attachment, url = attached
    (attachment_root / attachment.file.name).unlink()
    assert member_client.get(url).status_code == 404


def test_files_are_kept_outside_the_static_root(attached, attachment_root):
    attachment, _ = attached
    stored = (attachment_root / attachment.file.name).resolve()
    assert not stored.is_relative_to(django_settings.STATIC_ROOT.resolve())
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018  (no public address)


def test_no_file_name_reaches_an_e_mail_or_the_history(attached):
    attachment, _ = attached
    texts = [f"{n.subject} {n.body_text} {n.body_html}" for n in Notification.objects.all()]
    assert texts and not any("evidence" in text for text in texts)
    submitted = AdviceEvent.objects.get(action=AdviceEvent.Action.SUBMITTED)
    assert submitted.detail.endswith("1 file attached")
    assert "evidence" not in submitted.detail


def test_a_question_with_files_is_sent_at_once_with_the_fast_path_after(
    member_client, abuse_topic, search_finds_nothing
):
    response = member_client.post(
        ASK,
        {**form_data(abuse_topic), "attachments": [upload("threat.png", picture())]},
        follow=True,
    )
    page = response.content.decode()
    assert "Your question has been sent" in page
    assert "If you are in immediate danger, call 999." in page
    assert "threat.png" in page
    assert AdviceRequest.objects.get().attachments.count() == 1
    assert QUESTION in AdviceRequest.objects.get().question


def test_the_monitoring_officer_sees_the_files_in_the_admin(attached, officer_client):
    attachment, url = attached
    page = officer_client.get(
        f"/admin/advice/advicerequest/{attachment.request.pk}/change/"
    ).content.decode()
    assert f'<a href="{url}">evidence.png</a>' in page


def test_files_sent_with_a_repeated_question_are_not_lost_silently(
    member_client, member, comms_topic
):
    advice_request = ask(member, comms_topic, question=QUESTION)
    response = _send_with(member_client, comms_topic, upload("late.png", picture()))
    assert response["Location"] == advice_request.get_absolute_url()
    page = member_client.get(response["Location"]).content.decode()
    assert "Your files were not added: add them to it with a message below." in page
    assert not Attachment.objects.exists()
