"""Staged folders: the destination is reserved, the folder written beside it and swapped in whole.

A command that writes a folder (run, compare, sweep, sensitivity) first *reserves* the
destination: it creates it if need be and then a marker file, ``.negsim-writing``, with
``O_EXCL``, so of two commands writing the same ``--out`` at once exactly one holds it and the
other is refused. The folder is written into a hidden stage beside the destination and renamed
into place only when complete; the rename replaces only the folder this command reserved.

``--overwrite`` replaces only a folder negsim wrote (recognised by its files); a folder that
cannot be renamed (the current directory, a mount point) gets its contents replaced instead.
A disk that fills up, or a folder that turns out unwritable, gives one ``OutputError`` and leaves
the destination as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

from simulator import UserError

MARKER = ".negsim-writing"
"""The reservation file inside a folder being written: ``<pid> <host>``."""

SIGNATURES = (
    ("summary.json", "scenario.yaml"),
    ("comparison.json",),
    ("sweep.json", "sweep.csv"),
    ("sensitivity.json", "scenario.yaml"),
)
"""Files that together mark a folder negsim wrote (run, comparison, sweep, study folder)."""

WRITE_ERRORS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO, errno.EACCES, errno.EPERM}
)
"""``OSError`` numbers that mean "this folder cannot be written", reported in one message."""

_STEM = 40  # characters of the destination's name kept in the stage's name


class OutputError(UserError):
    """The output folder cannot be used (exists and is not empty, or is not writable)."""


def describe_os_error(exc: OSError) -> str:
    """``No space left on device`` (with the file, when the error names one)."""
    text = exc.strerror or str(exc)
    return f"{text} ({exc.filename})" if exc.filename else text


def is_negsim_folder(folder: Path) -> bool:
    """Whether ``folder`` is a folder negsim wrote: its files say so and it has no subfolders."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return False
    names = {e.name for e in entries}
    if any(e.is_dir() and not e.name.startswith(".") for e in entries):
        return False
    return any(all(n in names for n in signature) for signature in SIGNATURES)


def check_folder_name(out: Path) -> None:
    """Refuse, before anything is created, a folder name the file system cannot hold."""
    absolute = os.path.abspath(out)
    probe = Path(absolute)
    while not os.path.exists(probe) and probe != probe.parent:  # never raises
        probe = probe.parent
    try:
        name_max = os.pathconf(probe, "PC_NAME_MAX")
        path_max = os.pathconf(probe, "PC_PATH_MAX")
    except (OSError, ValueError):
        name_max, path_max = 255, 4096
    for part in Path(absolute).parts:
        size = len(os.fsencode(part))
        if size > name_max:
            raise OutputError(
                f"cannot use {out} as the output folder: the name {part[:40]}... is {size} "
                f"bytes long and this file system allows at most {name_max}; "
                "choose a shorter --out"
            )
    if len(os.fsencode(absolute)) >= path_max:
        raise OutputError(
            f"cannot use {out} as the output folder: its path is longer than this file "
            f"system's {path_max} bytes; choose a shorter --out"
        )


def _owner(marker: Path) -> tuple[int, str] | None:
    """The process that holds a reservation, or None when the marker is unreadable."""
    try:
        pid, host = marker.read_text(encoding="utf-8").split()
        return int(pid), host
    except (OSError, ValueError):
        return None


def _holder_alive(marker: Path) -> bool:
    """Whether the reservation is held by a live process (one on another host counts as live)."""
    owner = _owner(marker)
    if owner is None:
        return False
    pid, host = owner
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _refusal(out: Path, shown: Path, overwrite: bool, held: bool = False) -> str | None:
    """Why ``out`` (as it is now) may not be written, or None (``held``: the marker is ours)."""
    if out.exists() and not out.is_dir():
        return f"{shown} exists and is not a folder; choose another --out"
    marker = out / MARKER
    if not held and marker.exists() and _holder_alive(marker):
        owner = _owner(marker)
        who = f"process {owner[0]}" if owner else "another process"
        return (
            f"{shown} is being written by another negsim command ({who}); wait for it to "
            f"finish or choose another --out (if no negsim is running, delete {marker})"
        )
    if not out.is_dir():
        return None
    entries = [e for e in out.iterdir() if e.name != MARKER and not e.name.startswith(".negsim-")]
    if not entries:
        return None
    if not overwrite:
        return f"{shown} exists and is not empty; use --overwrite or another --out"
    if not is_negsim_folder(out):
        return (
            f"{shown} is not a folder negsim wrote (no summary.json and scenario.yaml, nor a "
            "comparison, sweep or study document); --overwrite only replaces negsim folders, "
            "so choose another --out or empty it yourself"
        )
    return None


class Reservation:
    """This command's hold on a destination: the marker file, and whether it made the folder."""

    def __init__(self, out: Path, shown: Path, overwrite: bool):
        self.out, self.shown = out, shown
        self.marker = out / MARKER
        self.created = False
        self.held = False
        problem = _refusal(out, shown, overwrite)
        if problem:
            raise OutputError(problem)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            try:
                out.mkdir()
                self.created = True
            except FileExistsError:
                pass
            self._take()
            problem = _refusal(out, shown, overwrite, held=True)  # what others did meanwhile
            if problem:
                raise OutputError(problem)
        except OSError as exc:
            self.release()
            raise OutputError(f"cannot write to {shown}: {describe_os_error(exc)}") from None
        except BaseException:
            self.release()
            raise

    def _take(self) -> None:
        """Create the marker with ``O_EXCL``; a marker left by a dead process is taken over."""
        for _ in range(2):
            try:
                fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _holder_alive(self.marker):
                    break
                with contextlib.suppress(FileNotFoundError):  # only one taker wins the rename
                    os.rename(self.marker, self.marker.with_name(f"{MARKER}.stale-{os.getpid()}"))
                    os.unlink(self.marker.with_name(f"{MARKER}.stale-{os.getpid()}"))
                continue
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(f"{os.getpid()} {socket.gethostname()}\n")
            self.held = True
            return
        raise OutputError(_refusal(self.out, self.shown, True) or f"{self.shown} is in use")

    def release(self) -> None:
        """Give the destination back as it was: no marker, and no folder if this command made it."""
        if self.held:
            with contextlib.suppress(OSError):
                self.marker.unlink()
            self.held = False
        if self.created:
            with contextlib.suppress(OSError):
                self.out.rmdir()  # only if still empty
            self.created = False


def _in_place(out: Path) -> bool:
    """Whether ``out`` must be filled in place: it is a mount point or holds the working folder."""
    if not out.is_dir():
        return False
    if os.path.ismount(out):
        return True
    return Path.cwd().resolve().is_relative_to(out.resolve())


def _umask() -> int:
    """The process's file-creation mask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap_in_place(stage: Path, out: Path, reservation: Reservation) -> None:
    """Replace the contents of ``out`` (a mount point or the working folder) by the stage's."""
    keep = {stage.name, MARKER}
    for entry in list(out.iterdir()):
        if entry.name in keep:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    for entry in list(stage.iterdir()):
        os.replace(entry, out / entry.name)
    stage.rmdir()
    reservation.release()


def _swap(stage: Path, out: Path, reservation: Reservation) -> None:
    """Rename the complete stage to ``out``, replacing only the folder this command reserved."""
    others = [e for e in out.iterdir() if e.name != MARKER]
    if not others:
        reservation.marker.unlink()
        reservation.held = False
        try:
            os.rename(stage, out)  # replaces the empty reserved folder, never a filled one
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                raise OutputError(
                    f"{reservation.shown} was taken by another command while this one ran; "
                    "nothing was written"
                ) from None
            raise
        reservation.created = False
        return
    # --overwrite of a negsim folder: move it aside first, so there is always a complete folder
    # at ``out`` or the previous one beside it, never neither.
    old = Path(tempfile.mkdtemp(prefix=f".{out.name[:_STEM]}.old-", dir=out.parent))
    os.rename(out, old / "previous")
    try:
        os.rename(stage, out)
    except OSError:
        with contextlib.suppress(OSError):
            os.rename(old / "previous", out)
        raise
    reservation.held = reservation.created = False
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def staged_folder(out: Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder for ``out``; on success it replaces ``out`` atomically.

    On any error (or Ctrl-C, SIGTERM, SIGHUP) the temporary folder is removed and ``out`` is
    left as it was. A full disk or an unwritable folder raises one ``OutputError``.
    """
    shown = Path(out)
    check_folder_name(shown)
    target = Path(os.path.abspath(shown))
    reservation = Reservation(target, shown, overwrite)
    try:
        in_place = _in_place(target)
        where = target if in_place else target.parent
        prefix = ".negsim-partial-" if in_place else f".{target.name[:_STEM]}.partial-"
        stage = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
        stage.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a run folder is not
    except OSError as exc:
        reservation.release()
        raise OutputError(f"cannot write to {shown}: {describe_os_error(exc)}") from None
    try:
        yield stage
        if in_place:
            _swap_in_place(stage, target, reservation)
        else:
            _swap(stage, target, reservation)
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        reservation.release()
        if exc.errno not in WRITE_ERRORS:
            raise
        raise OutputError(
            f"cannot write {shown}: {describe_os_error(exc)}; nothing was written"
        ) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        reservation.release()
        raise
