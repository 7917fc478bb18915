"""Killed writers: the vault opens, passes its check, and holds every record it said it committed."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from carer_app.services import children, household
from carer_app.services.health_check import check_vault

PASS = "violet kettle under seven bridges"

WRITER = r"""
import sys
from pathlib import Path
from carer_app.services import household, children, photos
from carer_app.services.demo_photos import jpeg_with_metadata
from carer_app.services.photo_processing import process_photo
from datetime import datetime
folder, round_no = Path(sys.argv[1]), int(sys.argv[2])
vault = household.unlock(folder, sys.argv[3])
print("ready", flush=True)
i = 0
while True:
    name = f"round {round_no} child {i}"
    children.add_child(vault, name)
    print(name, flush=True)  # printed only after the commit returned
    if i % 3 == 0:
        processed = process_photo(jpeg_with_metadata(i, datetime(2024, 1, 1)))
        photos.store_processed(vault, None, processed, caption=f"round {round_no} photo {i}")
        print(f"photo round {round_no} photo {i}", flush=True)
    i += 1
"""


@pytest.mark.slow
def test_sigkill_at_random_points_twenty_times(vault: object, vault_dir: Path) -> None:
    vault.close()  # type: ignore[attr-defined]
    rng = random.Random(20261129)
    committed: set[str] = set()
    committed_photos: set[str] = set()
    for round_no in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(vault_dir), str(round_no), PASS],
            stdout=subprocess.PIPE, text=True,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        for line in proc.stdout.read().splitlines():
            if line.startswith("photo "):
                committed_photos.add(line.removeprefix("photo "))
            elif line:
                committed.add(line)
        opened = household.unlock(vault_dir, PASS)
        try:
            report = check_vault(opened)
            assert report.healthy, report.problems
            names = {c.name for c in children.list_children(opened)}
            assert committed <= names, committed - names
            from carer_app.services.photos import list_photos

            captions = {p.caption for p in list_photos(opened, None)}
            assert committed_photos <= captions
        finally:
            opened.close()
    assert len(committed) > 20


KEY_CRASH = r"""
import os, sys
from pathlib import Path
from carer_app.crypto import atomic_file
from carer_app.services import household
folder, mode = Path(sys.argv[1]), sys.argv[2]
vault = household.unlock(folder, sys.argv[3])
calls = []
def die(tmp, final):
    calls.append(final.name)
    if mode == "before-rename" or (mode == "between-copies" and final.name == "vault.keys.copy"):
        os._exit(9)
atomic_file._before_rename = die
household.change_passphrase(vault, vault.user_id, "new passphrase for the lantern")
os._exit(0)
"""


@pytest.mark.parametrize(
    ("mode", "works"),
    [("before-rename", PASS), ("between-copies", "new passphrase for the lantern")],
)
def test_crash_while_replacing_a_key_slot_leaves_a_working_passphrase(
    vault: object, vault_dir: Path, mode: str, works: str
) -> None:
    vault.close()  # type: ignore[attr-defined]
    result = subprocess.run(
        [sys.executable, "-c", KEY_CRASH, str(vault_dir), mode, PASS], timeout=120
    )
    assert result.returncode == 9
    leftovers = [p.name for p in vault_dir.iterdir() if p.name.startswith(".tmp-")]
    if mode == "before-rename":
        assert leftovers, "the crash should have left the new slot under its temp name"
    opened = household.unlock(vault_dir, works)
    assert not [p.name for p in vault_dir.iterdir() if p.name.startswith(".tmp-")]
    assert check_vault(opened).healthy
    opened.close()
