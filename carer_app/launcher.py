"""`carer-app`: a command (`carer-app check ...`) goes to the command line, anything else opens the app."""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Kept here, not read from cli.py, so opening the app imports nothing of the command line;
# tests/cli/test_cli.py checks this list against the parser.
COMMANDS = frozenset({
    "init", "demo", "check", "backup", "restore", "import-photos", "change-passphrase",
    "add-user", "remove-user", "recover", "children",
})
_CLI_ONLY = {"-h", "--help", "--version"}


def wants_cli(args: Sequence[str]) -> bool:
    return bool(args) and (args[0] in COMMANDS or args[0] in _CLI_ONLY)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(args):
        from carer_app import cli

        return cli.main(args)
    from carer_app import app  # `carer-app --demo`, `carer-app --data-dir DIR`, `carer-app`

    return app.main(args)


if __name__ == "__main__":
    sys.exit(main())
