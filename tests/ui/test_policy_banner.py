"""The window says when the administrator's policy could not be trusted, and is quiet when
there is nothing to say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from troly.core import policy


def test_no_banner_under_a_valid_policy(make_window: Any) -> None:
    window = make_window(load_model=False)
    assert not window.policy_banner.isVisible()
    assert window.policy_banner.text() == ""


def test_a_policy_that_cannot_be_read_is_shown(
    make_window: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    broken = tmp_path / "broken-policy.json"
    broken.write_text("{ not json", encoding="utf-8")
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(broken))
    window = make_window(load_model=False)
    assert window.session.policy.fail_closed
    assert window.policy_banner.isVisible()
    text = window.policy_banner.text()
    assert "Không đọc được tệp chính sách" in text and str(broken) in text
    assert "chế độ hạn chế nhất" in text


def test_a_policy_warning_is_shown(make_window: Any, tmp_path: Path, monkeypatch: Any) -> None:
    writable = tmp_path / "policy.json"
    writable.write_text("{}", encoding="utf-8")
    writable.chmod(0o666)  # anyone may change it: the user is told
    monkeypatch.setenv(policy.ENV_POLICY_FILE, str(writable))
    window = make_window(load_model=False)
    assert not window.session.policy.fail_closed
    assert window.policy_banner.isVisible()
    assert "ghi được bởi nhóm hoặc người khác" in window.policy_banner.text()
