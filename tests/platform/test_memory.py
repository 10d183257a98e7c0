"""platform/memory.py: handing freed heap back never fails, on any system."""

from __future__ import annotations

import ctypes

import pytest

from posture_break.platform.memory import return_memory


def test_linux_asks_glibc_to_trim(monkeypatch) -> None:
    calls: list[str] = []

    class FakeLibc:
        def malloc_trim(self, pad: int) -> int:
            calls.append(f"malloc_trim({pad})")
            return 1

    monkeypatch.setattr(ctypes, "CDLL", lambda name: FakeLibc())
    return_memory("linux")
    assert calls == ["malloc_trim(0)"]


@pytest.mark.parametrize("error", [OSError("no libc.so.6 (musl)"), AttributeError("malloc_trim")])
def test_a_libc_without_malloc_trim_is_fine(monkeypatch, error: Exception) -> None:
    def fail(name: str) -> None:
        raise error

    monkeypatch.setattr(ctypes, "CDLL", fail)
    return_memory("linux")


def test_other_systems_do_nothing(monkeypatch) -> None:
    monkeypatch.setattr(ctypes, "CDLL", lambda name: pytest.fail("loaded a library"))
    return_memory("darwin")
    return_memory("win32")


def test_the_real_call_runs() -> None:
    return_memory()
