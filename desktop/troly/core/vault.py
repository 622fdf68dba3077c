"""The encrypted store: one SQLite3 Multiple Ciphers database per user, keyed by a random
256-bit secret that the OS keyring keeps (Secret Service, Windows Credential Manager, Keychain).

There is no plaintext fallback. No keyring, a locked keyring or a lost key is a clear error with
the way out; an existing database is never replaced because its key went missing.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import sys
from pathlib import Path

from troly.core.errors import KeyringUnavailableError, StoreError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "TroLy"


def _account_for(database: Path) -> str:
    # One key per database file, so separate data dirs (tests, several profiles) never share.
    digest = hashlib.sha256(str(database.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"database-key:{digest}"


def _no_keyring(detail_vi: str, detail_en: str) -> KeyringUnavailableError:
    return KeyringUnavailableError(
        "Không dùng được kho khoá của hệ điều hành (keyring) để giữ khoá mã hoá lịch sử: "
        f"{detail_vi}. Trên Linux hãy đăng nhập phiên có GNOME Keyring/KWallet đang chạy và đã mở "
        "khoá; trên Windows cần Credential Manager. TroLy không lưu lịch sử khi không mã hoá được.",
        "The OS keyring, which holds the history encryption key, is not usable: "
        f"{detail_en}. On Linux, log in to a session with GNOME Keyring/KWallet running and "
        "unlocked; on Windows, Credential Manager is needed. TroLy never stores history "
        "unencrypted.",
    )


def _check_backend() -> None:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        raise _no_keyring("không có dịch vụ keyring nào", "no keyring service at all")
    inner = getattr(backend, "backends", None)
    if inner is not None and not inner:  # a chainer with nothing to chain
        raise _no_keyring("không có dịch vụ keyring nào", "no keyring service at all")


def database_key(database: Path, create: bool) -> str:
    """The database's hex key from the keyring; a new random one when create is set."""
    import keyring
    from keyring.errors import KeyringError

    _check_backend()
    account = _account_for(database)
    try:
        key = keyring.get_password(KEYRING_SERVICE, account)
        if key is None and create:
            key = secrets.token_hex(32)  # 256 bits
            keyring.set_password(KEYRING_SERVICE, account, key)
            if keyring.get_password(KEYRING_SERVICE, account) != key:
                raise _no_keyring(
                    "khoá vừa lưu không đọc lại được", "the key just stored cannot be read back"
                )
    except KeyringError as exc:
        detail = str(exc) or type(exc).__name__
        raise _no_keyring(detail, detail) from exc
    if key is None:
        raise StoreError(
            f"Cơ sở dữ liệu {database} đã có nhưng khoá giải mã của nó không còn trong keyring "
            "(có thể keyring đã bị xoá hoặc đây là tài khoản khác). Không thể đọc lịch sử. Để "
            "bắt đầu lại từ đầu, hãy chuyển tệp này đi nơi khác.",
            f"The database {database} exists but its key is no longer in the keyring (the "
            "keyring was reset, or this is another account). History cannot be read. To start "
            "afresh, move that file away.",
        )
    return key


def forget_database_key(database: Path) -> None:
    """Delete the database's key from the keyring (after the database itself is gone)."""
    import keyring
    from keyring.errors import PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError):
        keyring.delete_password(KEYRING_SERVICE, _account_for(database))


# How to get going again once the database is damaged; wipe removes the database without
# opening it (retention.wipe), and indexing fills a new one.
_RECOVER_VI = (
    "Cách khắc phục: xoá dữ liệu TroLy bằng lệnh `troly wipe` (hoặc chuyển tệp này cùng các tệp "
    "-wal, -shm bên cạnh sang nơi khác để giữ lại), rồi lập chỉ mục lại bằng "
    "`troly index THƯ_MỤC --collection TÊN`."
)
_RECOVER_EN = (
    "To recover: remove TroLy's data with `troly wipe` (or move this file and the -wal and -shm "
    "files beside it elsewhere to keep them), then index again with "
    "`troly index FOLDER --collection NAME`."
)


def damaged_database(database: Path, detail: str) -> StoreError:
    """The error for a database SQLite finds damaged (overwritten, truncated), with the way out."""
    return StoreError(
        f"Cơ sở dữ liệu của TroLy bị hỏng: {database} ({detail}). Lịch sử hội thoại và chỉ mục "
        f"tài liệu trong tệp này không đọc được. {_RECOVER_VI}",
        f"TroLy's database is damaged: {database} ({detail}). The conversation history and "
        f"document index in it cannot be read. {_RECOVER_EN}",
    )


def as_damaged_database(exc: BaseException, database: Path) -> StoreError | None:
    """The StoreError for `exc` when it is SQLite finding the database damaged in the middle of
    a command (a page that no longer decrypts, a malformed b-tree); None for anything else."""
    apsw = sys.modules.get("apsw")  # not imported: the error cannot have come from it
    if apsw is not None and isinstance(exc, (apsw.CorruptError, apsw.NotADBError)):
        return damaged_database(database, str(exc))
    return None


def open_encrypted_database(database: Path):  # type: ignore[no-untyped-def]
    """Open (or create) the encrypted database. Returns an apsw.Connection."""
    import apsw

    database.parent.mkdir(parents=True, exist_ok=True)
    existed = database.exists() and database.stat().st_size > 0
    key = database_key(database, create=not existed)
    try:
        connection = apsw.Connection(str(database))
        # The app and the indexer may write at once (WAL): wait for each other, do not fail.
        connection.setbusytimeout(5000)
        connection.pragma("cipher", "chacha20")
        connection.pragma("hexkey", key)
        # Reading the schema is what proves the key: a wrong key reads as "not a database".
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
        connection.pragma("journal_mode", "wal")
        connection.pragma("synchronous", "normal")
        connection.pragma("foreign_keys", True)
        connection.pragma("secure_delete", True)
    except apsw.NotADBError as exc:
        raise StoreError(
            f"Không giải mã được cơ sở dữ liệu {database}: khoá trong keyring không khớp hoặc "
            f"tệp đã hỏng. Tệp không bị thay đổi. {_RECOVER_VI}",
            f"Cannot decrypt the database {database}: the keyring's key does not match, or the "
            f"file is damaged. The file was left untouched. {_RECOVER_EN}",
        ) from exc
    except apsw.CorruptError as exc:
        raise damaged_database(database, str(exc)) from exc
    except apsw.Error as exc:
        raise StoreError(
            f"Không mở được cơ sở dữ liệu {database}: {exc}",
            f"Cannot open the database {database}: {exc}",
        ) from exc
    if os.name == "posix":
        database.chmod(0o600)
    log.info("Opened encrypted database %s", database)
    return connection
