"""The desktop code stays in small modules (the window used to be one 517-line class and the
collections panel one of 654)."""

from __future__ import annotations

from troly.core.resources import project_root

LIMIT = 450


def test_no_ui_module_is_over_the_limit() -> None:
    ui = project_root() / "desktop" / "troly" / "ui"
    sizes = {
        p.relative_to(ui).as_posix(): len(p.read_text("utf-8").splitlines())
        for p in ui.rglob("*.py")
    }
    assert len(sizes) > 20
    assert {name: n for name, n in sizes.items() if n > LIMIT} == {}
