"""The admin's "Import a document": the upload form and the preview's save form."""

from django import forms
from django.template.defaultfilters import filesizeformat

from protocol.importing.finder import ImportProblem, ParsedDocument
from protocol.importing.readers import ACCEPTED_EXTENSIONS, max_upload_bytes, read_document
from protocol.importing.saving import existing_document, keep_edited_titles
from protocol.models import Document


def _document_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label="Import it as",
        queryset=Document.objects.order_by("title"),
        required=False,
        empty_label="A new document (named by the file's title)",
        help_text="Or choose an existing document: the import becomes its new draft version.",
    )


def _refuse_second_draft(document: Document | None) -> None:
    draft = document.versions.drafts().first() if document is not None else None
    if draft is not None:
        raise forms.ValidationError(
            f"{document} already has a draft (version {draft.number}); publish or delete it "
            "before importing another.",
            code="draft_exists",
        )


def prepare(parsed: ParsedDocument, document: Document | None) -> Document | None:
    """The document the import goes to, and the titles the officer kept in it.

    Raises ValidationError when a draft is waiting, or when "a new document"
    would take the title of one that exists.
    """
    if document is None:
        same_title = existing_document(parsed)
        if same_title is not None:
            raise forms.ValidationError(
                f"A document called {same_title} already exists. Choose it under "
                "“Import it as” to make this its new draft.",
                code="exists",
            )
    _refuse_second_draft(document)
    keep_edited_titles(parsed, document)
    return document


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Document",
        help_text=(
            "A Word document (.docx), Markdown (.md), text (.txt) or web page (.html) "
            f"saved from a browser; at most {filesizeformat(max_upload_bytes())}."
        ),
        error_messages={"required": "Choose the file to import.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )
    document = _document_field()

    parsed: ParsedDocument | None = None
    file_bytes: bytes = b""

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None or self.errors:
            return cleaned
        if upload.size > max_upload_bytes():
            self.add_error(
                "file",
                f"The file is {filesizeformat(upload.size)}; the limit is "
                f"{filesizeformat(max_upload_bytes())}.",
            )
            return cleaned
        self.file_bytes = upload.read()
        try:
            self.parsed = read_document(self.file_bytes, upload.name)
        except ImportProblem as problem:
            self.add_error("file", f"{upload.name} cannot be imported: {problem.message}")
            return cleaned
        try:
            prepare(self.parsed, cleaned.get("document"))
        except forms.ValidationError as error:
            self.add_error("document", error)
        return cleaned


class ImportSaveForm(forms.Form):
    """The preview's form: the waiting upload, its document, and made-up titles to edit."""

    token = forms.CharField(widget=forms.HiddenInput)
    document = _document_field()

    def __init__(self, *args, parsed: ParsedDocument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].widget = forms.HiddenInput()
        self.parsed = parsed
        for index, section in enumerate(parsed.sections):
            if section.title_generated:
                self.fields[f"title_{index}"] = forms.CharField(
                    label=f"Title of section {section.number or index + 1}",
                    initial=section.title,
                    max_length=200,
                    error_messages={"required": "Give the section a title."},
                )

    def title_field(self, index: int):
        name = f"title_{index}"
        return self[name] if name in self.fields else None

    def apply_titles(self) -> None:
        """Titles the officer changed are theirs: re-imports keep them."""
        for index, section in enumerate(self.parsed.sections):
            name = f"title_{index}"
            if name in self.cleaned_data:
                title = " ".join(self.cleaned_data[name].split())
                if title != section.title:
                    section.title, section.title_generated = title, False
