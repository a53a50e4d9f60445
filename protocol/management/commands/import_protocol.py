"""python manage.py import_protocol FILE [--publish] [--by USERNAME]

Reads the same formats as the admin's "Import a document": Word (.docx),
Markdown, text and HTML, told apart by content and extension.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from protocol.demo import SAMPLE_SLUG, is_sample
from protocol.importing import ImportProblem, read_document, save_draft
from protocol.models import Document, Rule
from protocol.publishing import DraftExists, publish


class Command(BaseCommand):
    help = (
        "Import a Word (.docx), Markdown, text or HTML document as a new draft version of "
        "the document named by its title (a new document if none has that title)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The document to import (.docx, .md, .txt or .html).")
        parser.add_argument(
            "--publish", action="store_true", help="Publish the new version at once."
        )
        parser.add_argument("--by", metavar="USERNAME", help="Record this user as its author.")
        parser.add_argument(
            "--note",
            help="The change note members see (with --publish). "
            'Default: "Version N, imported from FILE."',
        )

    def handle(self, *args, file, publish=False, by=None, note=None, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        user = None
        if by:
            try:
                user = get_user_model().objects.get(username=by)
            except get_user_model().DoesNotExist:
                raise CommandError(f"There is no user called {by!r}.") from None
        try:
            parsed = read_document(data, path.name)
        except ImportProblem as problem:
            raise CommandError(
                f"{path.name}, {problem.where}: {problem.message} Nothing was imported."
            ) from None
        try:
            with transaction.atomic():
                version = save_draft(parsed, by=user)
                if publish:
                    note = note or f"Version {version.number}, imported from {path.name}."
                    version = self._publish(version, user, note)
        except DraftExists as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        self._report(parsed, version)
        self._warn_about_sample(version.document)

    def _warn_about_sample(self, document):
        """The demonstration sample must not sit beside a real protocol."""
        if is_sample(document):
            return
        sample = Document.objects.in_force().filter(slug=SAMPLE_SLUG).first()
        if sample is not None:
            self.stdout.write(
                self.style.WARNING(
                    f"The demonstration sample {sample.title!r} is still shown to members. "
                    "Withdraw it in the admin (Documents, then Withdraw from members) or with: "
                    f"manage.py withdraw_document {SAMPLE_SLUG}"
                )
            )

    @staticmethod
    def _publish(version, user, note):
        return publish(version, by=user, change_note=note).version

    def _report(self, parsed, version):
        counts = parsed.rule_counts()
        kinds = ", ".join(f"{counts[kind]} {label.lower()}" for kind, label in Rule.Kind.choices)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {parsed.title!r} as version {version.number} "
                f"({version.get_status_display().lower()}): "
                f"{len(parsed.sections)} sections; rules: {kinds}."
            )
        )
        saved = {section.order: section for section in version.sections.all()}
        generated, kept = [], []
        for order, section in enumerate(parsed.sections, start=1):
            if section.title_generated:
                generated.append(saved[order])
            elif section.title_kept:
                kept.append(saved[order])
        if generated:
            self.stdout.write("Sections given a short title (edit them in the admin):")
            for section in generated:
                label = f"{section.number}. " if section.number else ""
                self.stdout.write(f"  {label}{section.title}")
        if kept:
            self.stdout.write("Sections that keep the title you gave them in the admin:")
            for section in kept:
                label = f"{section.number}. " if section.number else ""
                self.stdout.write(f"  {label}{section.title}")
        if parsed.notes:
            self.stdout.write(
                self.style.WARNING("Kept as text, not placed as the shape expects (check these):")
            )
            for note in parsed.notes:
                self.stdout.write(f"  {note}")
