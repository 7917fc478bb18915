"""The command line: every command, one-line errors without tracebacks, secrets never in argv."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from carer_app import __version__
from carer_app.services.demo import DEMO_PASSPHRASE
from carer_app.services.demo_photos import jpeg_with_metadata

PASS = "violet kettle under seven bridges"


def one_line_error(result: object) -> str:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode != 0  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    return lines[0]


def test_version(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_init_prints_the_recovery_key_once_and_reads_the_passphrase_from_a_file(
    cli, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    secret = tmp_path / "pass.txt"
    secret.write_text(PASS + "\n")
    result = cli("init", "--data-dir", str(tmp_path / "v"), "--name", "Ann", "--passphrase-file",
                 str(secret), check=True)
    keys = re.findall(r"(?:[0-9A-Z]{5}-){7}[0-9A-Z]{5}", result.stdout)
    assert len(keys) == 1
    listed = cli("children", "--data-dir", str(tmp_path / "v"), env={"CARER_APP_PASSPHRASE": PASS},
                 check=True)
    assert listed.stdout == ""


def test_no_passphrase_is_a_clear_usage_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(cli("init", "--data-dir", str(tmp_path / "v"), "--name", "Ann"))
    assert "--passphrase-file" in line and "CARER_APP_PASSPHRASE" in line


def test_demo_then_check_then_children(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "demo"
    demo = cli("demo", "--data-dir", str(folder), check=True)
    assert DEMO_PASSPHRASE in demo.stdout
    env = {"CARER_APP_PASSPHRASE": DEMO_PASSPHRASE}
    check = cli("check", "--data-dir", str(folder), env=env)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "44 files verified" in check.stdout
    names = cli("children", "--data-dir", str(folder), env=env, check=True).stdout.splitlines()
    assert len(names) == 2
    for path in folder.rglob("*"):
        if path.is_file():
            assert not path.read_bytes().startswith(b"SQLite format 3")


def test_check_lists_damage_and_exits_non_zero(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "demo"
    cli("demo", "--data-dir", str(folder), check=True)
    blob = sorted(folder.glob("blobs/*/*.blob"))[3]
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0xFF
    blob.write_bytes(bytes(data))
    result = cli("check", "--data-dir", str(folder), env={"CARER_APP_PASSPHRASE": DEMO_PASSPHRASE})
    assert result.returncode == 3
    assert f"blobs/{blob.name}" in result.stdout and "photo" in result.stdout


def test_wrong_passphrase_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "v"
    cli("init", "--data-dir", str(folder), "--name", "Ann", env={"CARER_APP_PASSPHRASE": PASS},
        check=True)
    line = one_line_error(cli("children", "--data-dir", str(folder),
                              env={"CARER_APP_PASSPHRASE": "wrong wrong wrong wrong"}))
    assert "passphrase is not right" in line


def test_missing_vault_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    line = one_line_error(cli("children", "--data-dir", str(tmp_path / "nothing"),
                              env={"CARER_APP_PASSPHRASE": PASS}))
    assert "no vault" in line


def test_import_photos_reports_each_file_and_keeps_going(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = tmp_path / "demo"
    cli("demo", "--data-dir", str(demo), check=True)
    source = tmp_path / "incoming"
    source.mkdir()
    (source / "good.jpg").write_bytes(jpeg_with_metadata(1, datetime(2024, 5, 1)))
    (source / "notes.jpg").write_text("this is not a picture")
    (source / "cut.jpg").write_bytes(jpeg_with_metadata(2, datetime(2024, 5, 1))[:3000])
    result = cli("import-photos", "--data-dir", str(demo), "--child", "Maisie", str(source),
                 env={"CARER_APP_PASSPHRASE": DEMO_PASSPHRASE})
    lines = result.stdout.splitlines()
    assert any(line.startswith("imported:") and "good.jpg" in line for line in lines)
    assert any(line.startswith("rejected:") and "notes.jpg" in line for line in lines)
    assert any(line.startswith("rejected:") and "cut.jpg" in line for line in lines)
    assert result.returncode == 1


def test_change_passphrase_add_user_recover(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "v"
    out = cli("init", "--data-dir", str(folder), "--name", "Ann",
              env={"CARER_APP_PASSPHRASE": PASS}, check=True).stdout
    recovery = re.findall(r"(?:[0-9A-Z]{5}-){7}[0-9A-Z]{5}", out)[0]
    new = "copper lighthouse in the morning fog"
    cli("change-passphrase", "--data-dir", str(folder),
        env={"CARER_APP_PASSPHRASE": PASS, "CARER_APP_NEW_PASSPHRASE": new}, check=True)
    one_line_error(cli("children", "--data-dir", str(folder), env={"CARER_APP_PASSPHRASE": PASS}))
    cli("add-user", "--data-dir", str(folder), "--name", "Bo", "--role", "social_worker",
        env={"CARER_APP_PASSPHRASE": new, "CARER_APP_NEW_PASSPHRASE": "bo has a purple bicycle"},
        check=True)
    cli("children", "--data-dir", str(folder),
        env={"CARER_APP_PASSPHRASE": "bo has a purple bicycle"}, check=True)
    line = one_line_error(cli("recover", "--data-dir", str(folder),
                              env={"CARER_APP_RECOVERY_KEY": recovery,
                                   "CARER_APP_NEW_PASSPHRASE": "another fine passphrase here"}))
    assert "--user" in line
    typo = ("Z" if recovery[0] != "Z" else "Y") + recovery[1:]
    line = one_line_error(cli("recover", "--data-dir", str(folder), "--user", "Ann",
                              env={"CARER_APP_RECOVERY_KEY": typo,
                                   "CARER_APP_NEW_PASSPHRASE": "another fine passphrase here"}))
    assert "group 1" in line
    cli("recover", "--data-dir", str(folder), "--user", "Ann",
        env={"CARER_APP_RECOVERY_KEY": recovery,
             "CARER_APP_NEW_PASSPHRASE": "another fine passphrase here"}, check=True)
    cli("children", "--data-dir", str(folder),
        env={"CARER_APP_PASSPHRASE": "another fine passphrase here"}, check=True)
    cli("remove-user", "--data-dir", str(folder), "--name", "Bo",
        env={"CARER_APP_PASSPHRASE": "another fine passphrase here"}, check=True)
    one_line_error(cli("children", "--data-dir", str(folder),
                       env={"CARER_APP_PASSPHRASE": "bo has a purple bicycle"}))


def test_backup_and_restore_commands(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = tmp_path / "demo"
    cli("demo", "--data-dir", str(demo), check=True)
    env = {"CARER_APP_PASSPHRASE": DEMO_PASSPHRASE}
    cli("backup", "--data-dir", str(demo), "--to", str(tmp_path / "b.backup"), env=env, check=True)
    cli("restore", str(tmp_path / "b.backup"), "--data-dir", str(tmp_path / "restored"), env=env,
        check=True)
    assert cli("check", "--data-dir", str(tmp_path / "restored"), env=env).returncode == 0


def test_the_launcher_sends_commands_to_the_command_line_and_the_rest_to_the_app() -> None:
    from carer_app.cli import build_parser
    from carer_app.launcher import COMMANDS, wants_cli

    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == set(COMMANDS)  # type: ignore[arg-type]
    assert wants_cli(["check", "--data-dir", "x"]) and wants_cli(["--version"])
    assert not wants_cli(["--demo"]) and not wants_cli([]) and not wants_cli(["--data-dir", "x"])
