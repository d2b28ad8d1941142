"""Digests as files: an Atom feed and an iCalendar file per subscription, rewritten whole from the database.

Each send regenerates the file from the subscription's history (its sent alerts plus the new ones), so
earlier entries stay, a lost or stale file is rebuilt by the next digest, and writing the same batch twice
gives the same bytes: for these channels a retry can never duplicate anything. Files are replaced
atomically (a temporary file in the same folder, then a rename): a reader never sees half a feed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tracker.channels.base import ChannelError, Outgoing
from tracker.digest.atom import atom_feed
from tracker.digest.ics import ics_calendar


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


class AtomFileChannel:
    """Keeps ``target`` an Atom feed of the subscription's newest alerts (``tracker.digest.store.HISTORY_LIMIT``)."""

    wants_history = True

    def send(self, outgoing: Outgoing) -> None:
        """Rewrite the feed from ``outgoing.history``."""
        name = outgoing.recipient.name
        feed = atom_feed(name, f"alpr-tracker: {name}", outgoing.history, outgoing.now)
        write_atomically(_path(outgoing), feed)


class IcsFileChannel:
    """Keeps ``target`` an iCalendar file with an event for each upcoming vote the subscription was sent."""

    wants_history = True

    def send(self, outgoing: Outgoing) -> None:
        """Rewrite the calendar from ``outgoing.history``."""
        name = outgoing.recipient.name
        write_atomically(_path(outgoing), ics_calendar(f"alpr-tracker: {name}", outgoing.history))
