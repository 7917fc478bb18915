"""Typed errors and codes from the services, turned into translated words a carer can act on."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from carer_app.services import errors as e

WAL_FILE = "vault.db-wal"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for translation in `context`; translate it where it is shown."""
    return text


def _t(text: str) -> str:
    return QCoreApplication.translate("messages", text)


@dataclass(frozen=True)
class Message:
    headline: str
    detail: str = ""

    @property
    def text(self) -> str:
        return f"{self.headline}\n{self.detail}" if self.detail else self.headline


def damaged_file_words(file_name: str) -> str:
    match file_name:
        case "vault.keys" | "vault.keys.copy":
            return _t("the key file (it holds the locks for each adult and the recovery key)")
        case "vault.db":
            return _t("the database (it holds the records)")
        case "vault.db-wal":
            return _t("the recent-changes log (it holds the last changes made)")
    return _t("the file {name}").format(name=file_name)


def still_opens_words(still_opens: str) -> str:
    # The storage layer names what remains usable in a few fixed English phrases.
    match still_opens:
        case "recovery key":
            return _t("The recovery key may still open it.")
        case "a backup file":
            return _t("A backup of the vault can still be restored.")
        case "the vault without its most recent changes":
            return _t("The vault can still be opened without its most recent changes.")
        case "":
            return ""
    return _t("Still usable: {what}.").format(what=still_opens)


def describe(exc: BaseException) -> Message:
    match exc:
        case e.WrongPassphrase():
            return Message(_t("That passphrase is not right."),
                           _t("Check Caps Lock and try again. Nothing was changed."))
        case e.WrongRecoveryKey():
            return Message(_t("That recovery key does not open this vault."),
                           _t("Check it against the printed copy."))
        case e.RecoveryKeyTypo(group=group) if group:
            return Message(_t("The recovery key has a typo in group {group}.").format(group=group),
                           _t("Check that group against the printed copy."))
        case e.RecoveryKeyTypo():
            return Message(_t("The recovery key is not the right length."),
                           _t("It has 8 groups of 5 letters and digits."))
        case e.VaultDamaged(file_name=name, still_opens=still):
            what_to_do = _t(
                "Do not delete anything in the vault folder. Make a copy of the whole folder, "
                "then restore your latest backup or ask your supervising social worker for help."
            )
            detail = " ".join(w for w in (still_opens_words(still), what_to_do) if w)
            return Message(
                _t("Part of the vault is damaged: {what}.").format(what=damaged_file_words(name)),
                detail,
            )
        case e.VaultInUse():
            return Message(_t("This vault is open in another Carer App window."),
                           _t("Close the other window first, then try again."))
        case e.VaultNotFound():
            return Message(_t("There is no vault in this folder."))
        case e.VaultExists():
            return Message(_t("This folder already holds a vault."),
                           _t("Unlock it instead, or choose another folder."))
        case e.WeakPassphrase(weaknesses=weak):
            reasons = " ".join(weakness_words(w) for w in weak)
            return Message(_t("That passphrase is too easy to guess."), reasons)
        case e.NotAllowed(reason="last_adult"):
            return Message(_t("The last adult cannot be removed."),
                           _t("Nobody would be able to unlock the vault."))
        case e.NotAllowed(reason="choose_adult"):
            return Message(_t("Several adults share this vault."),
                           _t("Type your name as it was entered, so the right passphrase is reset."))
        case e.NotFound(what="adult"):
            return Message(_t("No adult with that name shares this vault."))
        case e.SchemaTooNew():
            return Message(_t("This vault was written by a newer Carer App."),
                           _t("Please update Carer App to open it."))
        case e.NotSqlCipher():
            return Message(_t("This installation cannot encrypt the vault."),
                           _t("Please reinstall Carer App. Nothing was written."))
        case OSError(errno=28):
            return Message(_t("The disk is full."),
                           _t("Nothing was changed. Free some space and try again."))
        case OSError():
            return Message(_t("The computer could not read or write a file."),
                           _t("Nothing further was changed. Try again."))
    return Message(_t("Something went wrong ({kind}).").format(kind=type(exc).__name__),
                   _t("Nothing further was changed."))


def weakness_words(code: str) -> str:
    match code:
        case "too_short":
            return _t("Use at least 10 characters: three or four unusual words work well.")
        case "common":
            return _t("It is one of the most common passphrases.")
        case "repetitive":
            return _t("It repeats the same few characters.")
        case "sequence":
            return _t("A run like abcd or 1234 is easy to guess.")
        case "contains_name":
            return _t("Leave your name out of it.")
    return _t("Choose something harder to guess.")


STRENGTH_WORDS = (
    QT_TRANSLATE_NOOP("messages", "Too easy to guess"),
    QT_TRANSLATE_NOOP("messages", "Weak"),
    QT_TRANSLATE_NOOP("messages", "Fair"),
    QT_TRANSLATE_NOOP("messages", "Good"),
    QT_TRANSLATE_NOOP("messages", "Strong"),
)


def strength_words(score: int) -> str:
    return _t(STRENGTH_WORDS[max(0, min(score, len(STRENGTH_WORDS) - 1))])


def role_words(role: str) -> str:
    match role:
        case "carer":
            return _t("Carer")
        case "social_worker":
            return _t("Social worker")
    return role
