"""Uploaded import files: kept under ``UPLOAD_DIR/imports/`` (outside the web root, never
served) with a random name, and read back by the jobs.

A stored file belongs to the transaction that recorded it: when that transaction rolls back
(a refused upload, an error), the file is deleted too, so no file is left without its
import row."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

from shop.errors import ValidationError
from shop.extensions import db

SUBDIR = "imports"
_WRITTEN = "shop.imports.written"  # files stored in the session's current transaction


def store(data: bytes, upload_dir: str, suffix: str) -> str:
    """Write ``data`` under a random name; the path relative to ``upload_dir``."""
    folder = Path(upload_dir) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_urlsafe(18)}.{suffix}"
    target = folder / name
    temp = folder / f".{name}.part"
    temp.write_bytes(data)
    os.replace(temp, target)
    _remember_written(target)
    return f"{SUBDIR}/{name}"


def _path(upload_dir: str, relative: str) -> Path:
    folder = (Path(upload_dir) / SUBDIR).resolve()
    path = (Path(upload_dir) / relative).resolve()
    if path.parent != folder:
        raise ValueError(f"not an import file: {relative!r}")
    return path


def read(upload_dir: str, relative: str) -> bytes:
    try:
        return _path(upload_dir, relative).read_bytes()
    except FileNotFoundError:
        raise ValidationError("file", "The uploaded file is no longer stored. Upload it "
                                      "again.") from None


def delete(upload_dir: str, relative: str) -> None:
    _path(upload_dir, relative).unlink(missing_ok=True)


def _remember_written(path: Path) -> None:
    if not event.contains(Session, "after_commit", _forget_written):
        event.listen(Session, "after_commit", _forget_written)
        event.listen(Session, "after_transaction_end", _delete_written)
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so a rollback, even before any SQL, deletes the file
    session.info.setdefault(_WRITTEN, []).append(path)


def _forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def _delete_written(session: Session, transaction) -> None:
    """The outermost transaction ended without a commit (rolled back or closed)."""
    if transaction.parent is not None:  # a savepoint: the outer transaction decides
        return
    for path in session.info.pop(_WRITTEN, None) or ():
        Path(path).unlink(missing_ok=True)
