"""Digests as files: an Atom feed and an iCalendar file per subscription, rewritten whole from the database.

Each send regenerates the file from the subscription's history (its sent alerts plus the new ones), so
earlier entries stay, a lost or stale file is rebuilt by the next digest, and writing the same batch twice
gives the same bytes: for these channels a retry can never duplicate anything. Files are replaced
atomically (a temporary file in the same folder, then a rename): a reader never sees half a feed.

A feed path is only ever a file this tool wrote: a path that is a symbolic link, a device (``/dev/full``),
a folder or a pipe, or a regular file that is not one of its feeds (no ``MARKERS`` in its first bytes) is
refused, at ``subscribe`` and again before every write, so a typo can never replace someone's file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracker.channels.base import ChannelError, Outgoing
from tracker.digest.atom import GENERATOR, atom_feed
from tracker.digest.ics import PRODID, ics_calendar

#: What every file of a channel holds near its start: the Atom ``<generator>``, the iCalendar ``PRODID``.
MARKERS = {"atom": f"<generator>{GENERATOR}</generator>".encode(), "ics": f"PRODID:{PRODID}".encode()}
_SNIFF_BYTES = 4096


def feed_path_problem(path: Path, channel: str) -> str | None:
    """Why ``path`` may not be (re)written as the ``channel`` file, in words with what to do; None if it may."""
    if path.is_symlink():
        return f"{path} is a symbolic link: give the path of a file of its own"
    if not path.exists():
        return None
    if not path.is_file():
        return f"{path} is not a regular file (a folder, device or pipe): give a file path"
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
    except OSError as error:
        return f"cannot read {path}: {error.strerror or error}"
    if head and MARKERS[channel] not in head:
        return f"{path} already holds a file alpr-tracker did not write: choose another path, or remove it"
    return None


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one rename, creating the folder if needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise ChannelError(f"cannot write {path}: {error.strerror or error}") from None


def _path(outgoing: Outgoing) -> Path:
    return Path(outgoing.recipient.target).expanduser()


def _write_feed(outgoing: Outgoing, channel: str, data: bytes) -> None:
    path = _path(outgoing)
    problem = feed_path_problem(path, channel)
    if problem:
        raise ChannelError(problem)
    write_atomically(path, data)


class AtomFileChannel:
    """Keeps ``target`` an Atom feed of the subscription's newest alerts (``tracker.digest.store.HISTORY_LIMIT``)."""

    wants_history = True

    def send(self, outgoing: Outgoing) -> None:
        """Rewrite the feed from ``outgoing.history``."""
        feed = atom_feed(outgoing.recipient.name, outgoing.digest.title, outgoing.history, outgoing.now)
        _write_feed(outgoing, "atom", feed)


class IcsFileChannel:
    """Keeps ``target`` an iCalendar file with an event for each upcoming vote the subscription was sent."""

    wants_history = True

    def send(self, outgoing: Outgoing) -> None:
        """Rewrite the calendar from ``outgoing.history``."""
        _write_feed(outgoing, "ics", ics_calendar(outgoing.digest.title, outgoing.history))
