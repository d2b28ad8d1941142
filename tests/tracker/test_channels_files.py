"""Feed files (Atom, iCalendar) are only ever files this tool wrote: nothing else at their path is replaced.

Measured before: ``subscribe --ics /dev/full`` replaced the device node with a regular file at the next
delivery, and any existing file or symlink target at an ``--atom``/``--ics`` path was overwritten.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tracker.alerts.subscriptions import checked_target
from tracker.channels.base import ChannelError, Outgoing, Recipient
from tracker.channels.files import AtomFileChannel, IcsFileChannel
from tracker.digest.model import Digest

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
CHANNELS = {"atom": AtomFileChannel, "ics": IcsFileChannel}


def send(channel: str, path: Path) -> None:
    recipient = Recipient(id=1, name="watch", channel=channel, target=str(path), secret=None)
    CHANNELS[channel]().send(Outgoing(recipient=recipient, digest=Digest.of("watch", [], NOW), key="k", now=NOW))


@pytest.mark.parametrize("channel", ["atom", "ics"])
def test_a_new_path_is_written_and_its_own_file_rewritten(tmp_path: Path, channel: str) -> None:
    path = tmp_path / "feeds" / f"watch.{channel}"
    assert checked_target(channel, str(path)) == str(path)
    send(channel, path)
    first = path.read_bytes()
    send(channel, path)  # the file it wrote is its own: rewritten
    assert path.read_bytes() == first and first


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("channel", ["atom", "ics"])
def test_a_device_is_refused_at_subscribe_and_at_delivery(channel: str) -> None:
    with pytest.raises(ValueError, match="not a regular file"):
        checked_target(channel, "/dev/full")
    with pytest.raises(ChannelError, match="not a regular file"):
        send(channel, Path("/dev/full"))
    assert Path("/dev/full").is_char_device()


@pytest.mark.parametrize("channel", ["atom", "ics"])
def test_a_symbolic_link_is_refused_and_its_target_untouched(tmp_path: Path, channel: str) -> None:
    victim = tmp_path / "notes.txt"
    victim.write_text("my notes\n")
    link = tmp_path / f"watch.{channel}"
    os.symlink(victim, link)
    with pytest.raises(ValueError, match="symbolic link"):
        checked_target(channel, str(link))
    with pytest.raises(ChannelError, match="symbolic link"):
        send(channel, link)
    assert victim.read_text() == "my notes\n" and link.is_symlink()


@pytest.mark.parametrize("channel", ["atom", "ics"])
def test_a_file_it_did_not_write_is_refused_and_kept(tmp_path: Path, channel: str) -> None:
    other = tmp_path / f"calendar.{channel}"
    other.write_text("BEGIN:VCALENDAR\nPRODID:-//someone else//EN\nEND:VCALENDAR\n")
    with pytest.raises(ValueError, match="did not write"):
        checked_target(channel, str(other))
    with pytest.raises(ChannelError, match="did not write"):
        send(channel, other)
    assert "someone else" in other.read_text()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a regular file"):
        checked_target("atom", str(tmp_path))
