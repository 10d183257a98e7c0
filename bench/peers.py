"""posture-break beside the break reminders people run today, in one desktop, in one run.

    python bench/run.py --peers [--rounds 3] [--settle 30] [--idle-seconds 60]

Installs nothing. It measures whichever of ``workrave``, ``safeeyes`` and ``rsibreak`` are on
PATH (Debian: ``apt-get install workrave safeeyes gir1.2-ayatanaappindicator3-0.1 rsibreak``),
side by side with posture-break, the bare PySide6 tray app and the bare app with apscheduler's
QtScheduler imported and started (the specified stack's floor).

Each round (the order rotates every round) every app gets:
- a fresh HOME (and XDG folders inside it) and its own private D-Bus session bus, so the helper
  processes it has activated (dconf, at-spi...) are children of that bus and are counted as its
  own; a second private bus stands in for the system bus (Safe Eyes exits without one);
- start to tray icon: from spawn until one more icon window sits under trayer's panel (apps are
  started one at a time; "-" when an app never shows an XEmbed icon);
- posture-break then takes one break (``break-now``, window exposed, ``done``);
Once every app runs, ``--settle`` seconds pass, then all are measured over the same
``--idle-seconds``: context switches of every thread of every process of the app and its helpers
(wake-ups), CPU from schedstat, then resident memory (VmRSS summed, PSS, USS) of the same set.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import run as bench  # bench/run.py: X11, memory, commands, table helpers

PEERS = ("workrave", "safeeyes", "rsibreak")
APP = "posture-break"
APP_OFF = "posture-break, off hours"

# Budgets of issue 17 (see bench/README.md).
IDLE_CPU_MS_PER_MIN = 2.0
WAKEUPS_PER_S = 0.05


# --- process trees -------------------------------------------------------------------------------


def _ppids() -> dict[int, int]:
    out: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = entry.joinpath("stat").read_text()
        except OSError:
            continue
        out[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    return out


def descendants(roots: Iterable[int], *, include_roots: bool = True) -> set[int]:
    """Every live process below ``roots`` (and the roots themselves when asked)."""
    parents = _ppids()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found: set[int] = set()
    stack = list(roots)
    while stack:
        pid = stack.pop()
        for kid in children.get(pid, []):
            if kid not in found:
                found.add(kid)
                stack.append(kid)
    if include_roots:
        found |= {pid for pid in roots if pid in parents}
    return found


_BUS_VARS = (b"DBUS_SESSION_BUS_ADDRESS", b"DBUS_STARTER_ADDRESS")


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return "?"


# --- one app under test --------------------------------------------------------------------------


@dataclass
class Subject:
    """One app of the comparison, with its private buses and fresh HOME."""

    name: str
    cmd: list[str]
    home: Path
    data_dir: Path | None = None  # posture-break only
    proc: subprocess.Popen[bytes] | None = None
    bus: subprocess.Popen[bytes] | None = None
    system_bus: subprocess.Popen[bytes] | None = None
    start_ms: float | None = None
    error: str = ""
    first: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    last: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def pids(self) -> set[int]:
        """The app, its children, and what its private buses started for it (not the buses).

        dbus-daemon starts a service through a short-lived babysitter, so the service ends up a
        child of init, not of the bus: it is found by the bus address in its environment
        (DBUS_STARTER_ADDRESS, or the session address it inherited), as are its own children
        (at-spi's accessibility bus and registry)."""
        roots = [self.proc.pid] if self.proc is not None else []
        found = descendants(roots)
        buses = [b for b in (self.bus, self.system_bus) if b is not None]
        addresses = {b.address.encode() for b in buses}  # type: ignore[attr-defined]
        bus_pids = {b.pid for b in buses}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) in bus_pids:
                continue
            try:
                env = entry.joinpath("environ").read_bytes().split(b"\0")
            except OSError:
                continue
            for var in env:
                key, _, value = var.partition(b"=")
                if key in _BUS_VARS and value in addresses:
                    found.add(int(entry.name))
                    break
        return found

    # counters over the idle window: (pid, tid) -> (switches, cpu ns)
    def sample(self) -> None:
        for pid in self.pids():
            for tid, (_name, switches, ns) in _threads(pid).items():
                key = (pid, tid)
                self.first.setdefault(key, (0, 0))  # new since begin(): count from zero
                self.last[key] = (switches, ns)

    def begin(self) -> None:
        self.first, self.last = {}, {}
        for pid in self.pids():
            for tid, (_name, switches, ns) in _threads(pid).items():
                self.first[(pid, tid)] = (switches, ns)
                self.last[(pid, tid)] = (switches, ns)

    def wakeups(self) -> int:
        return sum(self.last[k][0] - self.first[k][0] for k in self.last)

    def cpu_ns(self) -> int:
        return sum(self.last[k][1] - self.first[k][1] for k in self.last)

    def memory(self) -> dict[str, Any]:
        total = {"VmRSS": 0, "Pss": 0, "USS": 0}
        main: dict[str, int] = {}
        names: list[str] = []
        for pid in sorted(self.pids()):
            try:
                mem = bench.memory_kb(pid)
            except (OSError, KeyError):
                continue  # ended, or a kernel thread without VmRSS
            names.append(_comm(pid))
            for key in total:
                total[key] += mem.get(key, 0)
            if self.proc is not None and pid == self.proc.pid:
                main = mem
        return {"total_kb": total, "main_kb": main, "processes": names}


def _threads(pid: int) -> dict[int, tuple[str, int, int]]:
    try:
        return bench.thread_counters(pid)
    except OSError:
        return {}


def _private_bus() -> subprocess.Popen[bytes]:
    """A private session-type dbus-daemon; its address is its first line of output."""
    proc = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().decode().strip()
    if not line:
        proc.kill()
        raise RuntimeError("dbus-daemon printed no address")
    proc.address = line  # type: ignore[attr-defined]
    return proc


def _env_for(subject: Subject) -> dict[str, str]:
    env = bench._env()
    home = subject.home
    for key, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[key] = str(home / sub)
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    env["HOME"] = str(home)
    assert subject.bus is not None and subject.system_bus is not None
    env["DBUS_SESSION_BUS_ADDRESS"] = subject.bus.address  # type: ignore[attr-defined]
    env["DBUS_SYSTEM_BUS_ADDRESS"] = subject.system_bus.address  # type: ignore[attr-defined]
    env.pop("SESSION_MANAGER", None)
    return env


def _icon_count(x: bench.X11, panel: int) -> int:
    return sum(1 for _ in x.walk(panel)) - 1


def _stable_icon_count(x: bench.X11, panel: int, quiet: float = 0.5, cap: float = 10.0) -> int:
    """The icon count once it has not changed for ``quiet`` seconds (an app started before may
    still be adding its icon; counted against the next app it would fake a start time)."""
    count, since, t0 = _icon_count(x, panel), time.monotonic(), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() - t0 < cap:
        time.sleep(0.05)
        now = _icon_count(x, panel)
        if now != count:
            count, since = now, time.monotonic()
    return count


def start(subject: Subject, x: bench.X11, panel: int, logdir: Path, timeout: float) -> None:
    subject.bus = _private_bus()
    subject.system_bus = _private_bus()
    env = _env_for(subject)
    before = _stable_icon_count(x, panel)
    out = (logdir / f"{subject.name}.out").open("ab")
    t0 = time.perf_counter()
    subject.proc = subprocess.Popen(
        subject.cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=subject.home
    )
    out.close()
    deadline = t0 + timeout
    while time.perf_counter() < deadline:
        if _icon_count(x, panel) > before:
            subject.start_ms = (time.perf_counter() - t0) * 1000
            return
        if subject.proc.poll() is not None:
            subject.error = f"exited with {subject.proc.returncode}"
            return
        time.sleep(0.005)
    subject.error = f"no XEmbed tray icon within {timeout:.0f} s"


def pb_command(subject: Subject, cmd: str, timeout: float = 15.0) -> None:
    """An instance command in posture-break's own environment (its runtime dir holds the socket)."""
    import sys

    assert subject.data_dir is not None and subject.bus is not None
    env = _env_for(subject)
    argv = [sys.executable, "-m", "posture_break", "--data-dir", str(subject.data_dir), cmd]
    deadline = time.monotonic() + timeout
    while True:
        done = subprocess.run(argv, env=env, capture_output=True, check=False, timeout=timeout)
        if done.returncode == 0:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"posture-break {cmd}: {done.stderr.decode().strip()}")
        time.sleep(0.1)


def stop(subject: Subject) -> None:
    pids = subject.pids()
    if subject.proc is not None and subject.data_dir is not None:
        with contextlib.suppress(Exception):
            pb_command(subject, "quit", timeout=5)
            subject.proc.wait(10)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() for p in pids):
        if subject.proc is not None:
            subject.proc.poll()
        time.sleep(0.05)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    for proc in (subject.proc, subject.bus, subject.system_bus):
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
            with contextlib.suppress(Exception):
                proc.wait(5)


# --- the run -------------------------------------------------------------------------------------


def available_peers() -> list[str]:
    return [name for name in PEERS if shutil.which(name)]


def _subjects(work: Path, peers: list[str]) -> list[Subject]:
    import sys

    out: list[Subject] = []
    # In work hours all day (micro 30 min, long 60 min): idle time is sampled every 5 s, as a
    # person's working day has it. Outside work hours: nothing due, no idle samples needed.
    data_dir = bench.new_data_dir(work, "posture-break-data", "default")
    out.append(Subject(APP, bench.app_cmd(data_dir), work / "pb", data_dir=data_dir))
    off_dir = bench.new_data_dir(work, "posture-break-off-data", "default")
    settings = off_dir / "settings.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('["00:00-24:00"]', "[]"), encoding="utf-8")
    out.append(Subject(APP_OFF, bench.app_cmd(off_dir), work / "pb-off", data_dir=off_dir))
    out.append(Subject("bare tray", bench.bare_cmd(), work / "bare"))
    aps = [sys.executable, str(bench.BENCH / "bare_tray.py"), "--apscheduler"]
    out.append(Subject("bare + apscheduler", aps, work / "bare-aps"))
    for name in peers:
        out.append(Subject(name, [shutil.which(name) or name], work / name))
    for s in out:
        s.home.mkdir(parents=True, exist_ok=True)
    return out


def one_round(
    x: bench.X11,
    panel: int,
    work: Path,
    peers: list[str],
    rotate: int,
    settle: float,
    idle_s: float,
    say: Callable[[str], None],
) -> dict[str, Any]:
    subjects = _subjects(work, peers)
    order = subjects[rotate % len(subjects) :] + subjects[: rotate % len(subjects)]
    result: dict[str, Any] = {"order": [s.name for s in order], "apps": {}}
    try:
        for s in order:
            start(s, x, panel, work, timeout=40.0)
            say(f"  {s.name}: " + (f"tray icon in {s.start_ms:.0f} ms" if s.start_ms else s.error))
            if s.data_dir is not None and s.proc is not None and s.proc.poll() is None:
                log = bench.AppLog(s.data_dir)
                pb_command(s, "break-now")
                log.wait_for("break window exposed", 1, 30)
                pb_command(s, "done")
        say(f"  settling {settle:.0f} s, then {idle_s:.0f} s measured side by side")
        time.sleep(settle)
        for s in order:
            s.begin()
        t0 = time.monotonic()
        while time.monotonic() - t0 < idle_s:
            time.sleep(1.0)
            for s in order:
                s.sample()
        seconds = time.monotonic() - t0
        for s in order:
            s.sample()
            alive = s.proc is not None and s.proc.poll() is None
            result["apps"][s.name] = {
                "alive": alive,
                "error": s.error,
                "start_ms": s.start_ms,
                "seconds": seconds,
                "wakeups_per_s": s.wakeups() / seconds,
                "cpu_ms_per_min": s.cpu_ns() / 1e6 / seconds * 60,
                **s.memory(),
            }
    finally:
        for s in order:
            stop(s)
    return result


@dataclass
class PeerRow:
    name: str
    rss_mib: float | None
    rss_main_mib: float | None
    pss_mib: float | None
    uss_mib: float | None
    cpu_ms_min: float | None
    wakeups_s: float | None
    start_ms: float | None
    processes: int | None
    note: str = ""


def _med(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarise(rounds: list[dict[str, Any]]) -> list[PeerRow]:
    names: list[str] = []
    for r in rounds:
        for name in r["apps"]:
            if name not in names:
                names.append(name)
    rows = []
    for name in names:
        samples = [r["apps"][name] for r in rounds if name in r["apps"]]
        ok = [s for s in samples if s["alive"]]
        errors = sorted({s["error"] for s in samples if s["error"]})
        mib = 1024.0
        rows.append(
            PeerRow(
                name,
                _med([s["total_kb"]["VmRSS"] / mib for s in ok]),
                _med([s["main_kb"].get("VmRSS", 0) / mib for s in ok]),
                _med([s["total_kb"]["Pss"] / mib for s in ok]),
                _med([s["total_kb"]["USS"] / mib for s in ok]),
                _med([s["cpu_ms_per_min"] for s in ok]),
                _med([s["wakeups_per_s"] for s in ok]),
                _med([s["start_ms"] for s in samples if s["start_ms"] is not None]),
                int(_med([len(s["processes"]) for s in ok]) or 0) if ok else None,
                "; ".join(errors),
            )
        )
    return rows


def format_rows(rows: list[PeerRow]) -> str:
    header = (
        "app",
        "RSS with helpers",
        "RSS app alone",
        "PSS",
        "USS",
        "idle CPU",
        "wake-ups",
        "start to tray",
        "processes",
    )

    def n(v: float | None, unit: str, fmt: str = "{:.1f}") -> str:
        return "-" if v is None else f"{fmt.format(v)} {unit}"

    lines = [header]
    for r in rows:
        lines.append(
            (
                r.name,
                n(r.rss_mib, "MiB"),
                n(r.rss_main_mib, "MiB"),
                n(r.pss_mib, "MiB"),
                n(r.uss_mib, "MiB"),
                n(r.cpu_ms_min, "ms/min", "{:.2f}"),
                n(r.wakeups_s, "/s", "{:.3f}"),
                n(r.start_ms, "ms", "{:.0f}"),
                "-" if r.processes is None else str(r.processes),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for k, line in enumerate(lines):
        out.append("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if k == 0:
            out.append("  ".join("-" * w for w in widths))
    notes = [f"  {r.name}: {r.note}" for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def budgets(rows: list[PeerRow]) -> list[tuple[str, str, bool | None]]:
    """(budget, measured, passed) for issue 17's budgets."""
    by = {r.name: r for r in rows}
    app, bare, aps = by.get(APP), by.get("bare tray"), by.get("bare + apscheduler")
    off = by.get(APP_OFF)
    out: list[tuple[str, str, bool | None]] = []
    if app is None or app.rss_mib is None:
        return [("posture-break measured", "no", False)]
    peers = [r for r in rows if r.name in PEERS and r.rss_mib is not None]
    if peers:
        lowest = min(peers, key=lambda r: r.rss_mib or 0.0)
        out.append(
            (
                "RSS with helpers below every peer",
                f"{app.rss_mib:.1f} MiB vs {lowest.name} {lowest.rss_mib:.1f} MiB",
                app.rss_mib < (lowest.rss_mib or 0.0),
            )
        )
    else:
        out.append(("RSS with helpers below every peer", "no peer installed", None))
    if aps is not None and aps.rss_mib:
        ratio = app.rss_mib / aps.rss_mib
        out.append(("RSS <= 1.3x bare + apscheduler", f"{ratio:.2f}x", ratio <= 1.3))
    # "With nothing due, while the idle backend is not needed": the off-hours instance.
    if off is not None and off.cpu_ms_min is not None:
        out.append(
            (
                f"idle CPU <= {IDLE_CPU_MS_PER_MIN:g} ms/min (nothing due)",
                f"{off.cpu_ms_min:.2f} ms/min",
                off.cpu_ms_min <= IDLE_CPU_MS_PER_MIN,
            )
        )
    if off is not None and off.wakeups_s is not None:
        out.append(
            (
                f"wake-ups <= {WAKEUPS_PER_S:g}/s (nothing due)",
                f"{off.wakeups_s:.3f}/s",
                off.wakeups_s <= WAKEUPS_PER_S,
            )
        )
    quietest = min(
        (r for r in rows if r.name in PEERS and r.wakeups_s is not None),
        key=lambda r: r.wakeups_s or 0.0,
        default=None,
    )
    if quietest is not None and app.wakeups_s is not None:
        out.append(
            (
                "wake-ups in work hours below every peer",
                f"{app.wakeups_s:.3f}/s vs {quietest.name} {quietest.wakeups_s:.3f}/s",
                app.wakeups_s < (quietest.wakeups_s or 0.0),
            )
        )
    if bare is not None and bare.start_ms and app.start_ms:
        ratio = app.start_ms / bare.start_ms
        out.append(("start to tray <= 1.5x bare", f"{ratio:.2f}x", ratio <= 1.5))
    return out


def format_budgets(items: list[tuple[str, str, bool | None]]) -> str:
    width = max(len(b) for b, _m, _p in items)
    mwidth = max(len(m) for _b, m, _p in items)
    lines = []
    for b, m, p in items:
        verdict = "-" if p is None else ("PASS" if p else "FAIL")
        lines.append(f"{b.ljust(width)}  {m.ljust(mwidth)}  {verdict}")
    return "\n".join(lines)


def run_peers(
    x: bench.X11,
    panel: int,
    rounds: int,
    settle: float,
    idle_s: float,
    say: Callable[[str], None],
) -> dict[str, Any]:
    peers = available_peers()
    missing = [p for p in PEERS if p not in peers]
    say(f"peers installed: {', '.join(peers) or 'none'}; missing: {', '.join(missing) or 'none'}")
    results = []
    with tempfile.TemporaryDirectory(prefix="pb-peers-") as tmp:
        for k in range(rounds):
            say(f"round {k + 1}/{rounds}")
            work = Path(tmp) / f"round{k}"
            work.mkdir()
            results.append(one_round(x, panel, work, peers, k, settle, idle_s, say))
    rows = summarise(results)
    return {
        "peers": peers,
        "missing": missing,
        "rounds": results,
        "table": [r.__dict__ for r in rows],
        "budgets": [{"budget": b, "measured": m, "passed": p} for b, m, p in budgets(rows)],
    }
