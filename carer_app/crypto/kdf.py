"""Passphrase key derivation: Argon2id, calibrated at set-up, with hard ceilings on read."""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from carer_app.crypto.errors import KeyFileDamaged

MIN_MEMORY_KIB = 64 * 1024
MAX_MEMORY_KIB = 1024 * 1024  # a tampered header cannot ask for more than 1 GiB
MIN_ITERATIONS = 1
MAX_ITERATIONS = 16
MAX_LANES = 8
# Memory x passes of one slot: 1 GiB x 4, a few seconds here. With at most 8 passphrase slots a
# tampered key file can cost one unlock attempt tens of seconds, never hours.
MAX_WORK_KIB_PASSES = 4 * 1024 * 1024
SALT_BYTES = 16
DEFAULT_TARGET_MS = 600


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int = MIN_MEMORY_KIB
    iterations: int = 2
    lanes: int = 4
    algorithm: str = "argon2id"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: object, file_name: str) -> KdfParams:
        """Parse and bound-check parameters read from disk (never trusted)."""
        if not isinstance(raw, dict):
            raise KeyFileDamaged(file_name, "kdf parameters missing")
        try:
            params = cls(
                memory_kib=int(raw["memory_kib"]),
                iterations=int(raw["iterations"]),
                lanes=int(raw["lanes"]),
                algorithm=str(raw["algorithm"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyFileDamaged(file_name, "kdf parameters unreadable") from exc
        params.check_bounds(file_name)
        return params

    def check_bounds(self, file_name: str) -> None:
        ok = (
            self.algorithm == "argon2id"
            and MIN_MEMORY_KIB <= self.memory_kib <= MAX_MEMORY_KIB
            and MIN_ITERATIONS <= self.iterations <= MAX_ITERATIONS
            and 1 <= self.lanes <= MAX_LANES
            and self.memory_kib >= 8 * self.lanes
            and self.memory_kib * self.iterations <= MAX_WORK_KIB_PASSES
        )
        if not ok:
            raise KeyFileDamaged(file_name, "kdf parameters out of bounds")


def derive_key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def target_ms() -> int:
    """The calibration target; CARER_APP_KDF_TARGET_MS may only lower it, never the floor."""
    raw = os.environ.get("CARER_APP_KDF_TARGET_MS")
    if raw is None:
        return DEFAULT_TARGET_MS
    try:
        return max(0, min(int(raw), 2000))
    except ValueError:
        return DEFAULT_TARGET_MS


def calibrate(target: int | None = None) -> KdfParams:
    """Find parameters costing about `target` ms here: grow memory first, then passes."""
    goal = (target_ms() if target is None else target) / 1000.0
    params = KdfParams(memory_kib=MIN_MEMORY_KIB, iterations=1, lanes=4)
    if goal <= 0:
        return params
    salt = os.urandom(SALT_BYTES)
    while True:
        start = time.perf_counter()
        derive_key("calibration", salt, params)
        spent = time.perf_counter() - start
        if spent >= goal * 0.8:
            return params
        if params.memory_kib * 2 <= 256 * 1024:
            params = KdfParams(params.memory_kib * 2, params.iterations, params.lanes)
        elif params.memory_kib * (params.iterations + 1) <= MAX_WORK_KIB_PASSES:
            scale = max(1, min(int(goal / max(spent, 1e-3)), 4))
            ceiling = min(MAX_ITERATIONS, MAX_WORK_KIB_PASSES // params.memory_kib)
            iterations = min(ceiling, params.iterations * scale)
            if iterations == params.iterations:
                iterations += 1
            params = KdfParams(params.memory_kib, iterations, params.lanes)
        else:
            return params
