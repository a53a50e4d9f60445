"""Files members attach to a request or a follow-up: pictures and PDFs only.

A file's type is found from its content, never from the browser's word or the
file's name: Pillow opens and verifies a picture (PNG, JPEG, GIF or WebP), and
a PDF must start with the ``%PDF-`` header. Pillow is the imaging library
every Django project uses (ImageField), well kept and able to check a file's
structure rather than its first bytes only; anything else is refused. Files
are stored under ADVICE_ATTACHMENT_ROOT with a random name and sent only by
the attachment view (see views.attachment).
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from PIL import Image

from protocol.advice.models import ATTACHMENT_PDF

IMAGE_FORMATS = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}
ACCEPT = "image/png,image/jpeg,image/gif,image/webp,application/pdf,.png,.jpg,.jpeg,.gif,.webp,.pdf"
KINDS = "a picture (PNG, JPEG, GIF or WebP) or a PDF"


@dataclass
class CheckedFile:
    """An upload whose content was checked: what it is and what to call it."""

    upload: object
    name: str
    content_type: str
    extension: str

    @property
    def size(self):
        return self.upload.size


def clean_name(name):
    """The file's own name, kept to show in the portal: no folders, no control
    characters, at most 200 characters (keeping the extension)."""
    name = PurePath(str(name).replace("\\", "/")).name
    name = "".join(
        c for c in unicodedata.normalize("NFC", name) if unicodedata.category(c)[0] != "C"
    )
    name = re.sub(r"\s+", " ", name).strip() or "file"
    if len(name) > 200:
        stem, suffix = PurePath(name).stem, PurePath(name).suffix[:20]
        name = stem[: 200 - len(suffix)] + suffix
    return name


def max_bytes():
    return settings.ADVICE_ATTACHMENT_MAX_MB * 1024 * 1024


def identify(upload):
    """(content type, extension) from the file's content, or None when it is neither
    a picture Pillow can verify nor a PDF."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return ATTACHMENT_PDF, ".pdf"
    try:
        with Image.open(upload) as image:
            found = IMAGE_FORMATS.get(image.format)
            if found is None:
                return None
            image.verify()
        # verify() checks the structure (PNG's checksums) without decoding; decoding
        # the whole picture also catches a cut-off JPEG, GIF or WebP.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except Exception:  # Pillow raises many kinds of error for a file it cannot read
        return None
    finally:
        upload.seek(0)
    return found


def check(upload):
    """A CheckedFile, or ValidationError with a message naming the file."""
    name = clean_name(upload.name)
    if upload.size > max_bytes():
        raise forms.ValidationError(
            f"“{name}” is {filesizeformat(upload.size)}: files can be at most "
            f"{settings.ADVICE_ATTACHMENT_MAX_MB} MB, so it was not attached.",
            code="too_big",
        )
    if upload.size == 0:
        raise forms.ValidationError(f"“{name}” is empty, so it was not attached.", code="empty")
    found = identify(upload)
    if found is None:
        raise forms.ValidationError(
            f"“{name}” is not {KINDS}, so it was not attached.", code="wrong_type"
        )
    return CheckedFile(upload=upload, name=name, content_type=found[0], extension=found[1])


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to ADVICE_ATTACHMENTS_PER_MESSAGE files, each checked by its content."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def to_python(self, data):
        return data

    def clean(self, data, initial=None):
        uploads = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        limit = settings.ADVICE_ATTACHMENTS_PER_MESSAGE
        if uploads and limit == 0:
            raise forms.ValidationError("Attaching files is turned off.", code="off")
        if len(uploads) > limit:
            raise forms.ValidationError(
                f"Attach at most {limit} files to one message (you chose {len(uploads)}).",
                code="too_many",
            )
        checked, errors = [], []
        for upload in uploads:
            try:
                checked.append(check(upload))
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return checked


def help_text():
    return (
        f"Optional: up to {settings.ADVICE_ATTACHMENTS_PER_MESSAGE} screenshots or other "
        f"pictures (PNG, JPEG, GIF, WebP) or PDFs, each at most "
        f"{settings.ADVICE_ATTACHMENT_MAX_MB} MB. Only you and the staff who handle your "
        "request can open them; they are never put in an e-mail."
    )


def save(checked_files, advice_request, *, message=None, by=None):
    """Store checked files for a request (and follow-up); call inside its transaction.

    Files written before a failure are removed again, so nothing is half-saved.
    """
    from protocol.advice.models import Attachment

    saved = []
    try:
        for checked in checked_files:
            attachment = Attachment(
                request=advice_request,
                message=message,
                name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                uploaded_by=by,
            )
            checked.upload.seek(0)
            attachment.file.save(f"upload{checked.extension}", checked.upload, save=False)
            saved.append(attachment.file)
            attachment.save()
    except BaseException:
        for stored in saved:
            stored.storage.delete(stored.name)
        raise
    return saved
