"""The indexing child process (Qt-free) guards the network itself, first thing."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from troly.core.vault import forget_database_key


def child(database: Path, sources: list[str], pipe: Any, cancel: Any, seen: Any) -> None:
    """index_in_child, with a look at the guard just as indexing begins."""
    from troly.core import netguard
    from troly.core.index import sync
    from troly.core.policy import Policy
    from troly.ui.index_process import index_in_child

    real = sync.sync_collection

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.send(netguard.is_installed())
        return real(*args, **kwargs)

    sync.sync_collection = spy  # type: ignore[assignment]
    index_in_child(database, "vb", sources, False, pipe, cancel, Policy())


def test_the_child_installs_the_network_guard_before_it_indexes(
    tmp_path: Path, troly_home: Path
) -> None:
    note = tmp_path / "ghi-chu.txt"
    note.write_text("Sở Nội vụ đề nghị báo cáo trước ngày 20 tháng 3.", encoding="utf-8")
    database = troly_home / "index.db"
    troly_home.mkdir(parents=True)
    context = multiprocessing.get_context("spawn")  # as IndexWorker starts it
    receive, send = context.Pipe(duplex=False)
    seen_receive, seen_send = context.Pipe(duplex=False)
    cancel = context.Event()  # held here: the child opens it by name after start()
    process = context.Process(target=child, args=(database, [str(note)], send, cancel, seen_send))
    process.start()
    try:
        send.close()
        seen_send.close()
        assert seen_receive.poll(120), "the child never reached indexing"
        assert seen_receive.recv() is True
        messages = []
        while True:
            try:
                messages.append(receive.recv())
            except EOFError:
                break
        assert messages[-1][0] == "finished", messages[-1]
        assert messages[-1][1].results[0].status == "indexed"
    finally:
        process.join(60)
        if process.is_alive():
            process.kill()
        forget_database_key(database)
    assert process.exitcode == 0
