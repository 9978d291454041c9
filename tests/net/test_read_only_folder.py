"""A read-only data folder is reported as read-only, with where and what to
do (issue 14, item 11), not as "permission denied". Uses a real read-only
mount where this runs as root with mount rights (root ignores chmod)."""

from __future__ import annotations

import os
import subprocess

import pytest

from chatapp.net.history_store import FILE_NAME, HistoryError, HistoryStore


@pytest.fixture
def read_only_mount(tmp_path):
    path = tmp_path / "ro"
    path.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting needs root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)],
                      capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount_read_only(path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True, capture_output=True)


def test_an_empty_read_only_folder_is_called_read_only(qtbot, read_only_mount):
    remount_read_only(read_only_mount)
    with pytest.raises(HistoryError) as info:
        HistoryStore(read_only_mount).start()
    sentence = str(info.value)
    assert "read-only disk or file system" in sentence and str(read_only_mount) in sentence
    assert "--data-dir" in sentence and "permission denied" not in sentence


def test_an_existing_history_on_a_read_only_disk_is_called_read_only(qtbot, read_only_mount):
    store = HistoryStore(read_only_mount)
    store.start()
    store.close()
    assert (read_only_mount / FILE_NAME).exists()
    remount_read_only(read_only_mount)
    with pytest.raises(HistoryError, match="read-only disk or file system") as info:
        HistoryStore(read_only_mount).start()
    assert "remount it read-write" in str(info.value)
