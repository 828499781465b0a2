"""Without chromium the browser tests skip with a reason, except under CI, where they fail."""

import pytest

import test_browser


def test_missing_browser_skips_locally(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium is not installed"):
        test_browser._unavailable("Debian's chromium is not installed")


def test_missing_browser_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        test_browser._unavailable("Debian's chromium is not installed")
