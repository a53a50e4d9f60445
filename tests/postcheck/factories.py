"""The portal's sample protocol, published, for the checks to cite."""

from pathlib import Path

from django.conf import settings

from protocol.importing import decode, parse, save_draft
from protocol.publishing import publish

SAMPLE = Path(settings.BASE_DIR) / "protocol" / "sample" / "sample-protocol.txt"


def publish_sample():
    """Publish the sample protocol; its current version."""
    return publish(save_draft(parse(decode(SAMPLE.read_bytes())))).version


def post_data(text, **extra):
    return {"text": text, **extra}
