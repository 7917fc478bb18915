"""`carer-app`: the same services from a command line, for support staff, scripts and tests."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from carer_app import __version__

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_UNHEALTHY = 0, 1, 2, 3


class CliError(Exception):
    """A problem with how the command was called; printed as one line."""


def _secret(args: argparse.Namespace, file_attr: str, env: str, what: str) -> str:
    path = getattr(args, file_attr, None)
    if path:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as exc:
            raise CliError(f"cannot read {what} file {path}: {exc.strerror}") from None
        return text.rstrip("\r\n")
    value = os.environ.get(env)
    if value:
        return value
    flag = "--" + file_attr.replace("_", "-")
    raise CliError(f"no {what} given: use {flag} FILE or set {env}")


def _passphrase(args: argparse.Namespace) -> str:
    return _secret(args, "passphrase_file", "CARER_APP_PASSPHRASE", "passphrase")


def _new_passphrase(args: argparse.Namespace) -> str:
    return _secret(args, "new_passphrase_file", "CARER_APP_NEW_PASSPHRASE", "new passphrase")


def _folder(args: argparse.Namespace) -> Path:
    from carer_app.services.household import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def cmd_init(args: argparse.Namespace) -> int:
    from carer_app.domain.enums import Role
    from carer_app.services import household

    vault, recovery = household.create_household(
        _folder(args), name=args.name, role=Role(args.role), passphrase=_passphrase(args)
    )
    vault.close()
    print(f"Vault created in {_folder(args)}")
    print("Recovery key (write it down and keep it safe; it is shown only this once):")
    print(f"  {recovery}")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from carer_app.services.demo import DEMO_PASSPHRASE, build_demo

    vault = build_demo(_folder(args))
    vault.close()
    print(f"Demo vault created in {_folder(args)}")
    print(f"Demo passphrase: {DEMO_PASSPHRASE}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from carer_app.services import household
    from carer_app.services.health_check import check_vault

    vault = household.unlock(_folder(args), _passphrase(args))
    try:
        report = check_vault(vault)
    finally:
        vault.close()
    if report.healthy:
        print(f"healthy: database ok, {report.blobs_checked} files verified "
              f"({report.bytes_checked} bytes), {report.swept_orphans} unfinished files removed")
        return EXIT_OK
    print("damaged:")
    for problem in report.problems:
        suffix = f" ({problem.record})" if problem.record else ""
        print(f"  {problem.file}: {problem.detail}{suffix}")
    return EXIT_UNHEALTHY


def cmd_backup(args: argparse.Namespace) -> int:
    from carer_app.services import household
    from carer_app.services.backups import create_backup

    vault = household.unlock(_folder(args), _passphrase(args))
    try:
        size = create_backup(vault, Path(args.to))
    finally:
        vault.close()
    print(f"Backup written to {args.to} ({size} bytes)")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from carer_app.services.backups import restore_backup

    if args.recovery_key_file or os.environ.get("CARER_APP_RECOVERY_KEY"):
        key = _secret(args, "recovery_key_file", "CARER_APP_RECOVERY_KEY", "recovery key")
        vault = restore_backup(Path(args.file), _folder(args), recovery_key=key)
    else:
        vault = restore_backup(Path(args.file), _folder(args), passphrase=_passphrase(args))
    vault.close()
    print(f"Restored into {_folder(args)}")
    return EXIT_OK


def cmd_import_photos(args: argparse.Namespace) -> int:
    from carer_app.services import children, household, photos

    vault = household.unlock(_folder(args), _passphrase(args))
    counts = {status: 0 for status in photos.ImportStatus}
    try:
        child = children.find_child(vault, args.child)
        for result in photos.import_photos(vault, child.id, [Path(p) for p in args.paths]):
            counts[result.status] += 1
            reason = f" ({result.reason})" if result.reason else ""
            print(f"{result.status}: {result.path}{reason}")
    finally:
        vault.close()
    print(", ".join(f"{n} {s}" for s, n in counts.items()))
    return EXIT_OK if counts[photos.ImportStatus.REJECTED] == 0 else EXIT_ERROR


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    from carer_app.services import household

    vault = household.unlock(_folder(args), _passphrase(args))
    try:
        assert vault.user_id is not None
        household.change_passphrase(vault, vault.user_id, _new_passphrase(args))
    finally:
        vault.close()
    print("Passphrase changed.")
    return EXIT_OK


def cmd_add_user(args: argparse.Namespace) -> int:
    from carer_app.domain.enums import Role
    from carer_app.services import household

    vault = household.unlock(_folder(args), _passphrase(args))
    try:
        household.add_adult(vault, name=args.name, role=Role(args.role),
                            passphrase=_new_passphrase(args))
    finally:
        vault.close()
    print("Adult added; they can now unlock with their own passphrase.")
    return EXIT_OK


def cmd_remove_user(args: argparse.Namespace) -> int:
    from carer_app.services import household

    vault = household.unlock(_folder(args), _passphrase(args))
    try:
        household.remove_adult(vault, household.find_adult(vault, args.name).id)
    finally:
        vault.close()
    print("Adult removed; their passphrase no longer opens this vault. Copies of the vault or "
          "backups made before still open with it (see docs/vault.md).")
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from carer_app.services import household

    key = _secret(args, "recovery_key_file", "CARER_APP_RECOVERY_KEY", "recovery key")
    vault = household.recover(_folder(args), key, _new_passphrase(args), args.user)
    vault.close()
    print("New passphrase set with the recovery key.")
    return EXIT_OK


def cmd_children(args: argparse.Namespace) -> int:
    from carer_app.services import children, household

    vault = household.unlock(_folder(args), _passphrase(args))
    try:
        for child in children.list_children(vault):
            print(child.name)
    finally:
        vault.close()
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="carer-app",
        description="Carer App command line. Secrets come from files or the environment, "
        "never from the command line. Without a command, `carer-app` opens the app "
        "(`carer-app --demo` opens a throwaway demo vault).",
    )
    parser.add_argument("--version", action="version", version=f"carer-app {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str,
            passphrase: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--data-dir", help="the vault folder (default: the platform's data folder)")
        if passphrase:
            p.add_argument("--passphrase-file", help="read the passphrase from this file "
                           "(or set CARER_APP_PASSPHRASE)")
        p.set_defaults(func=func)
        return p

    p = add("init", cmd_init, "create a vault and print its recovery key once")
    p.add_argument("--name", required=True, help="the first adult's name")
    p.add_argument("--role", choices=["carer", "social_worker"], default="carer")
    add("demo", cmd_demo, "build a demo vault with synthetic data", passphrase=False)
    add("check", cmd_check, "unlock and verify every file of the vault")
    p = add("backup", cmd_backup, "write one encrypted backup file")
    p.add_argument("--to", required=True, metavar="FILE")
    p = add("restore", cmd_restore, "rebuild a vault from a backup into a new folder")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--recovery-key-file", help="open the backup with the recovery key instead")
    p = add("import-photos", cmd_import_photos, "import photos (files or folders) for a child")
    p.add_argument("--child", required=True, metavar="NAME")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p = add("change-passphrase", cmd_change_passphrase, "change your passphrase")
    p.add_argument("--new-passphrase-file", help="or set CARER_APP_NEW_PASSPHRASE")
    p = add("add-user", cmd_add_user, "add an adult with their own passphrase")
    p.add_argument("--name", required=True)
    p.add_argument("--role", choices=["carer", "social_worker"], default="carer")
    p.add_argument("--new-passphrase-file", help="the new adult's passphrase "
                   "(or set CARER_APP_NEW_PASSPHRASE)")
    p = add("remove-user", cmd_remove_user, "remove an adult and their key slot")
    p.add_argument("--name", required=True)
    p = add("recover", cmd_recover, "set a new passphrase using the recovery key", passphrase=False)
    p.add_argument("--recovery-key-file", help="or set CARER_APP_RECOVERY_KEY")
    p.add_argument("--new-passphrase-file", help="or set CARER_APP_NEW_PASSPHRASE")
    p.add_argument("--user", help="whose passphrase to reset (needed with several adults)")
    add("children", cmd_children, "list the children, one name a line")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    os.umask(0o077)
    try:
        result: int = args.func(args)
        return result
    except CliError as exc:
        print(f"carer-app: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("carer-app: interrupted", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # one clear line, never a traceback
        from carer_app.cli_messages import describe_error

        print(f"carer-app: {describe_error(exc)}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
