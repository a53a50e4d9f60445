"""An upload waiting between its preview and "Save as draft".

The file is kept in PROTOCOL_IMPORT_DIR (outside the static and media roots,
never served), named by a random token, with the user who uploaded it;
only that user can use the token, and waiting uploads older than
PROTOCOL_IMPORT_KEEP_SECONDS are removed whenever another is kept.
"""

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass
class WaitingUpload:
    token: str
    data: bytes
    filename: str


def _folder() -> Path:
    folder = Path(settings.PROTOCOL_IMPORT_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _remove_expired(folder: Path) -> None:
    oldest = time.time() - settings.PROTOCOL_IMPORT_KEEP_SECONDS
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
                path.with_suffix(".json").unlink(missing_ok=True)
        except OSError:
            continue  # removed by another process meanwhile


def keep(data: bytes, filename: str, user) -> str:
    """Keep an upload for ``user``; returns the token that names it."""
    folder = _folder()
    _remove_expired(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.upload").write_bytes(data)
    (folder / f"{token}.json").write_text(
        json.dumps({"filename": filename[:255], "user": user.pk}), encoding="utf-8"
    )
    return token


def load(token: str, user) -> WaitingUpload | None:
    """The upload ``token`` names, if ``user`` kept it and it has not expired."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    folder = _folder()
    data_path, meta_path = folder / f"{token}.upload", folder / f"{token}.json"
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("user") != user.pk:
            return None
        if data_path.stat().st_mtime < time.time() - settings.PROTOCOL_IMPORT_KEEP_SECONDS:
            return None
        return WaitingUpload(token, data_path.read_bytes(), meta.get("filename", ""))
    except (OSError, ValueError):
        return None


def discard(token: str) -> None:
    if not isinstance(token, str) or not _TOKEN.match(token):
        return
    folder = _folder()
    (folder / f"{token}.upload").unlink(missing_ok=True)
    (folder / f"{token}.json").unlink(missing_ok=True)
