"""Shared test set-up: offscreen Qt, an isolated home, and the support helpers on sys.path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep the KDF at its floor (64 MiB, 1 pass) in tests; calibration is tested on its own.
os.environ.setdefault("CARER_APP_KDF_TARGET_MS", "0")

sys.path.insert(0, str(Path(__file__).parent / "support"))
