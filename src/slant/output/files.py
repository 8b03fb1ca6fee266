"""Writing output files all or nothing: a temporary file beside the target, flushed to disk,
then renamed over it. A reader never sees half a file, and a failed or interrupted run leaves
the previous file (if any) as it was and no temporary file behind.

New files get the mode an ordinary ``open(path, "w")`` would give them (0644 under umask
0022), not the 0600 of :func:`tempfile.mkstemp`; a file that is replaced keeps its mode.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from slant.errors import SlantError

__all__ = ["atomic_writer", "write_text_atomic"]


def _create_temp(target: Path) -> tuple[int, Path]:
    """An exclusive new file beside ``target``, hidden, with the umask-derived mode."""
    for _ in range(100):
        temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 & ~umask, exactly as open(path, "w") creates files.
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), temp
        except FileExistsError:
            continue
    raise SlantError(f"cannot write {target}: could not create a temporary file beside it")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _error(target: Path, exc: OSError) -> SlantError:
    return SlantError(f"cannot write {target}: {exc.strerror or exc}")


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str], *, encoding: str = "utf-8", newline: str | None = "\n",
                  make_folders: bool = False) -> Iterator[IO[str]]:
    """A text stream whose content replaces ``path`` when the ``with`` block ends normally; on
    an exception (including KeyboardInterrupt) the target is left untouched and the temporary
    file removed. ``make_folders`` creates missing parent folders; otherwise a missing folder
    is a :class:`SlantError` naming it."""
    target = Path(path)
    folder = target.parent
    if make_folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SlantError(f"cannot create folder {folder} for {target}: {exc.strerror or exc}") from exc
    elif not folder.is_dir():
        raise SlantError(f"cannot write {target}: folder {folder} does not exist; create it first")
    if target.is_dir():
        raise SlantError(f"cannot write {target}: it is a folder")
    try:
        handle, temp = _create_temp(target)
    except OSError as exc:
        raise _error(target, exc) from exc
    try:
        with contextlib.suppress(OSError):  # a replaced file keeps its permissions
            os.chmod(temp, stat.S_IMODE(os.stat(target).st_mode))
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
            yield stream  # an exception from the caller's block passes through unchanged
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as exc:
                raise _error(target, exc) from exc
        try:
            os.replace(temp, target)
        except OSError as exc:
            raise _error(target, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _sync_folder(folder)


def write_text_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8",
                      newline: str | None = "\n", make_folders: bool = True) -> None:
    """Write ``text`` to ``path`` all or nothing (see :func:`atomic_writer`); missing parent
    folders are created unless ``make_folders`` is false."""
    with atomic_writer(path, encoding=encoding, newline=newline, make_folders=make_folders) as stream:
        try:
            stream.write(text)
        except OSError as exc:
            raise _error(Path(path), exc) from exc
