"""Where posture-break's resident memory goes, idle after a break (a focused probe, ~30 s).

    tools/desktop-session -- python bench/memprobe.py [--settle 10] [--env KEY=VALUE] [--top 25]

Starts posture-break (work hours all day, the default schedule) and the bare tray app with
apscheduler side by side, takes one break (``break-now``, window exposed, ``done``), waits
``--settle`` seconds, then prints for both: VmRSS, PSS, USS, anonymous memory, threads, and
``/proc/PID/smaps`` summed by mapping (the heap, anonymous mappings, each library), with the
difference per mapping. ``--env`` adds variables to posture-break's environment (to try
``MALLOC_ARENA_MAX=2`` and the like). Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench


def smaps_by_mapping(pid: int) -> dict[str, dict[str, int]]:
    """kB of Rss, Pss, private and anonymous pages per mapping name ([heap], [anon], a file)."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    name = "?"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if not head:
            continue
        if "-" in head[0] and not head[0].endswith(":"):
            name = head[5] if len(head) > 5 else "[anon]"
            if "/" in name:
                name = name.rsplit("/", 1)[1]
            continue
        key = head[0].rstrip(":")
        if key in ("Rss", "Pss", "Private_Clean", "Private_Dirty", "Anonymous"):
            value = int(head[1])
            if key.startswith("Private"):
                key = "USS"
            out[name][key] += value
    return out


def threads(pid: int) -> list[str]:
    return [p.joinpath("comm").read_text().strip() for p in Path(f"/proc/{pid}/task").iterdir()]


def report(label: str, pid: int) -> dict[str, dict[str, int]]:
    mem = bench.memory_kb(pid)
    names = threads(pid)
    print(
        f"{label}: VmRSS {mem['VmRSS'] / 1024:.1f} MiB, PSS {mem.get('Pss', 0) / 1024:.1f}, "
        f"USS {mem.get('USS', 0) / 1024:.1f}, anonymous {mem.get('Anonymous', 0) / 1024:.1f}; "
        f"{len(names)} threads: {', '.join(sorted(names))}"
    )
    return smaps_by_mapping(pid)


def idle(pid: int, seconds: float) -> None:
    """Context switches per thread over ``seconds`` (threads that come and go included)."""
    first = bench.thread_counters(pid)
    last = dict(first)
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        time.sleep(1)
        last.update(bench.thread_counters(pid))
    per = {
        f"{name}[{tid}]": switches - first.get(tid, (name, 0, 0))[1]
        for tid, (name, switches, _ns) in last.items()
    }
    total = sum(per.values())
    print(f"idle {seconds:.0f} s: {total / seconds:.3f} wake-ups/s; per thread {per}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--settle", type=float, default=10.0)
    p.add_argument("--env", action="append", default=[], help="KEY=VALUE for posture-break")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--breaks", type=int, default=1, help="breaks to take before reading")
    p.add_argument("--off", action="store_true", help="no work hours: nothing due")
    p.add_argument("--idle", type=float, default=0.0, help="then count wake-ups this long")
    p.add_argument("--strace", type=Path, help="strace the main thread's polls while idle")
    p.add_argument("--importtime", type=Path, help="write posture-break's -X importtime here")
    args = p.parse_args()
    x = bench.X11()
    panel = x.tray_panel()
    extra = dict(item.split("=", 1) for item in args.env)
    with tempfile.TemporaryDirectory(prefix="pb-mem-") as tmp:
        work = Path(tmp)
        data_dir = bench.new_data_dir(work, "data", "default")
        if args.off:
            settings = data_dir / "settings.toml"
            text = settings.read_text(encoding="utf-8")
            settings.write_text(text.replace('["00:00-24:00"]', "[]"), encoding="utf-8")
        bench.PYCACHE = work / "pyc"
        import os

        saved = dict(os.environ)
        os.environ.update(extra)
        try:
            cmd = bench.app_cmd(data_dir)
            if args.importtime:
                cmd[1:1] = ["-X", "importtime"]
            app = bench.launch(x, panel, cmd, bench.APP_CLASS, work, "app")
        finally:
            os.environ.clear()
            os.environ.update(saved)
        aps = bench.launch(
            x, panel, bench.bare_cmd(apscheduler=True), bench.BARE_CLASS, work, "aps"
        )
        try:
            log = bench.AppLog(data_dir)
            time.sleep(2)
            started = report("posture-break after start", app.pid)
            for k in range(args.breaks):
                bench.command(data_dir, "break-now")
                line = log.wait_for("break window exposed", k + 1, timeout=60)
                print(f"break {k + 1}: {line.split('exposed: ', 1)[1]}")
                bench.command(data_dir, "done")
                time.sleep(2)
            time.sleep(args.settle)
            after = report("posture-break after a break", app.pid)
            base = report("bare + apscheduler", aps.pid)
            if args.idle:
                strace = None
                if args.strace:
                    import subprocess

                    strace = subprocess.Popen(
                        [
                            "strace",
                            "-tt",
                            "-e",
                            "trace=poll,ppoll,read,write,recvmsg,sendmsg",
                            "-o",
                            str(args.strace),
                            "-p",
                            str(app.pid),
                        ]
                    )
                idle(app.pid, args.idle)
                if strace is not None:
                    strace.terminate()
                    strace.wait()
        finally:
            bench.stop(app.proc, data_dir)
            bench.stop(aps.proc)
            if args.importtime:
                args.importtime.write_text((work / "app.out").read_text())
    print(f"\n{'mapping':40s} {'start':>8s} {'break':>8s} {'b+aps':>8s} {'diff':>8s}  (Rss kB)")
    keys = set(after) | set(base) | set(started)
    rows = sorted(keys, key=lambda k: -(after.get(k, {}).get("Rss", 0)))
    for name in rows[: args.top]:
        a = after.get(name, {}).get("Rss", 0)
        s = started.get(name, {}).get("Rss", 0)
        b = base.get(name, {}).get("Rss", 0)
        print(f"{name[:40]:40s} {s:8d} {a:8d} {b:8d} {a - b:+8d}")
    only = sorted(((k, after[k]["Rss"]) for k in after if k not in base), key=lambda kv: -kv[1])
    print("\nmapped only by posture-break:", ", ".join(f"{k} {v}" for k, v in only if v))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
