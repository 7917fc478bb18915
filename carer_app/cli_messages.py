"""One English line per typed error, for the command line (the ui has its own translated words)."""

from __future__ import annotations

from carer_app.services import errors as e
from carer_app.services.backups import BackupDamaged


def describe_error(exc: BaseException) -> str:
    match exc:
        case e.WrongPassphrase():
            return "that passphrase is not right (nothing was changed)"
        case e.WrongRecoveryKey():
            return "that recovery key does not open this vault"
        case e.RecoveryKeyTypo(group=group) if group:
            return f"the recovery key has a typo in group {group}; check it against the printout"
        case e.RecoveryKeyTypo():
            return "the recovery key is the wrong length: it has 8 groups of 5 characters"
        case e.VaultDamaged(file_name=name, detail=detail, still_opens=still):
            tail = f"; still usable: {still}" if still else ""
            return f"vault damaged: {name}: {detail}{tail}. Run 'carer-app check' or restore a backup"
        case e.VaultInUse():
            return "this vault is open in another Carer App window or program; close it first"
        case e.VaultNotFound(folder=folder):
            return f"there is no vault in {folder}"
        case e.VaultExists(folder=folder):
            return f"{folder} already holds a vault (or is not empty); choose a new folder"
        case e.WeakPassphrase(weaknesses=weak):
            return f"that passphrase is too easy to guess ({', '.join(weak)}); use a few unusual words"
        case e.NotFound(what=what, key=key):
            return f"no {what} called {key!r} (or more than one)"
        case e.NotAllowed(reason="last_adult"):
            return "cannot remove the last adult: nobody could unlock the vault"
        case e.NotAllowed(reason="choose_adult"):
            return "several adults share this vault: say whose passphrase to reset with --user"
        case e.NotAllowed(reason=reason):
            return f"not allowed: {reason}"
        case BackupDamaged(detail=detail):
            return f"the backup file cannot be used: {detail}"
        case e.NotSqlCipher():
            return "this installation lacks SQLCipher; refusing to store data unencrypted"
        case e.SchemaTooNew():
            return "this vault was written by a newer Carer App; please update"
        case e.KeyFileDamaged(file_name=name, detail=detail):
            return f"{name} is damaged ({detail})"
        case e.DiskFull():
            return "the disk is full; nothing was half-written. Free some space and try again"
        case OSError(errno=28):
            return "the disk is full; nothing was changed. Free some space and try again"
        case OSError(strerror=msg, filename=fn):
            return f"{msg}: {fn}" if fn else str(msg)
    return f"unexpected error ({type(exc).__name__}); nothing further was changed"
