"""The sample protocol ``make run`` loads for a first look at the portal.

It is a demonstration, not guidance: it is never loaded beside a real
protocol by ``setup_demo``, it ranks below real documents in search, and the
Monitoring Officer withdraws it (admin, or ``manage.py withdraw_document``)
once the real protocol is imported.
"""

from pathlib import Path

SAMPLE_PATH = Path(__file__).resolve().parent / "sample" / "sample-protocol.txt"
SAMPLE_SLUG = "sample-guidance-on-online-conduct"


def is_sample(document):
    return document.slug == SAMPLE_SLUG
