"""One form for stored text, whatever typed or imported it.

Browsers send a textarea's line breaks as CR LF, Word and old Mac files bring
CR: stored as they came, the same words would compare as different and a
section would be reported as changed when nothing a member reads changed.
Text is stored with LF line breaks (models, importer) and compared after
``comparable()`` (line breaks, trailing spaces and blank-line runs evened out).
"""

import re

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def normalise_newlines(text):
    """CR LF and lone CR become LF; anything that is not a string is returned as is."""
    if not isinstance(text, str) or "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def comparable(text):
    """Text as a reader sees it, for deciding whether two texts differ."""
    text = normalise_newlines(text or "")
    text = _TRAILING_SPACE.sub("", text)
    return _BLANK_RUNS.sub("\n\n", text).strip()


class NormalisedTextModel:
    """Mixin for models: every CharField and TextField is stored with LF line breaks."""

    def normalise_text(self):
        from django.db import models

        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                normalised = normalise_newlines(value)
                if normalised is not value:
                    setattr(self, field.attname, normalised)

    def save(self, *args, **kwargs):
        self.normalise_text()
        super().save(*args, **kwargs)
