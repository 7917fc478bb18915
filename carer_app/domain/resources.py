"""Where the shipped data lives: the installed carer_app.resources package, or the source tree."""

from __future__ import annotations

import importlib.resources
from importlib.resources.abc import Traversable
from pathlib import Path


def resources_root() -> Traversable:
    """The root of the shipped data files (templates, icons).

    A wheel maps the top-level ``resources/`` folder to the package ``carer_app.resources``;
    a source checkout has no such package, so fall back to the folder itself.
    """
    try:
        return importlib.resources.files("carer_app.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "resources"
