"""Indexing in a child process, reporting to the window's IndexWorker over a pipe.

Why a process and not only a thread: PyMuPDF keeps the GIL while it renders a page (OCR renders
scans at 300 dpi) or parses a large one, which froze the window's thread for over 100 ms at a
time. A child process also keeps a crash inside a PDF library on a hostile file from taking the
window down; what was committed before stays committed, as with a killed `troly index`.

No Qt here: the child imports only this module and the core.
"""

from __future__ import annotations

import logging
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from troly.core.policy import Policy

log = logging.getLogger(__name__)

# Page progress is sent at most this often; a file's result always goes out at once.
PROGRESS_SECONDS = 0.05
# The child waits this long for a write lock the window's own connection may hold.
BUSY_TIMEOUT_MS = 5000


def index_in_child(
    database: Path,
    collection: str,
    sources: list[str],
    force: bool,
    pipe: Connection,
    cancel: Any,  # a multiprocessing Event: sync_collection reads it as a threading one
    policy: Policy,  # the window's Session's: indexing obeys it
) -> None:
    """The child's entry point. Sends ("progress", i, n, path, page, pages),
    ("file", i, n, FileResult), then ("finished", SyncReport) or ("failed", vi, en)."""
    from troly.core import netguard

    # A fresh process: guarded first, as the window's Session guards the window's process.
    netguard.install(policy.engine_urls())
    from troly.core.errors import TrolyError
    from troly.core.index.store import IndexStore
    from troly.core.index.sync import SyncProgress, sync_collection
    from troly.core.vault import open_encrypted_database

    last = 0.0

    def progress(step: SyncProgress) -> None:
        nonlocal last
        if step.result is not None:
            pipe.send(("file", step.file_index, step.file_count, step.result))
            return
        now = time.monotonic()
        if step.page == 0 or now - last >= PROGRESS_SECONDS:
            last = now
            pipe.send(
                ("progress", step.file_index, step.file_count, step.path, step.page, step.pages)
            )

    store = None
    try:
        store = IndexStore(open_encrypted_database(database), policy=policy)
        store.db.setbusytimeout(BUSY_TIMEOUT_MS)
        report = sync_collection(
            store, collection, sources, progress=progress, cancel=cancel, force=force
        )
        pipe.send(("finished", report))
    except TrolyError as exc:
        pipe.send(("failed", exc.message_vi, exc.message_en))
    except Exception as exc:
        log.exception("Indexing failed")
        pipe.send(("failed", f"{type(exc).__name__}: {exc}", f"{type(exc).__name__}: {exc}"))
    finally:
        if store is not None:
            store.db.close()
        pipe.close()
