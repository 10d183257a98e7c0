"""Command line: `posture-break [run]` starts the tray app; the other commands work on the data
or talk to the running instance. Qt is imported only by the commands that need it, so `stats`,
`export`, `plan` and the instance commands stay quick.

Exit codes: 0 ok, 1 failure with a one-line reason on stderr, 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from posture_break import __version__
from posture_break.ipc import COMMANDS

if TYPE_CHECKING:  # imported lazily at run time: a command pays only for what it uses
    from posture_break.core.paths import Paths
    from posture_break.core.settings import Settings
    from posture_break.core.stats import History
    from posture_break.core.store import Store

INSTANCE_COMMANDS = tuple(c for c in COMMANDS if c != "ping")  # what the running app takes


class UsageError(Exception):
    pass


def _data_dir_arg(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("give a folder name (an empty one would mean here)")
    return Path(text)


def _lang_arg(text: str) -> str:
    import re

    if not re.fullmatch(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?", text):
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a language code like de or de_AT")
    return text


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=_data_dir_arg,
        default=argparse.SUPPRESS,
        help="keep settings, history, cards and logs under DIR (portable mode)",
    )
    common.add_argument(
        "--lang",
        type=_lang_arg,
        default=argparse.SUPPRESS,
        help="language for the interface (en, de)",
    )
    p = argparse.ArgumentParser(
        prog="posture-break",
        description="A break reminder with stretch and self-massage cards and weekly charts.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"posture-break {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("run", parents=[common], help="start the tray app (the default)")
    sub.add_parser("break-now", parents=[common], help="take a break now (running app)")
    sub.add_parser("done", parents=[common], help="mark the break on screen done (running app)")
    sub.add_parser("skip", parents=[common], help="skip the break on screen (running app)")
    sub.add_parser("snooze", parents=[common], help="snooze the coming break (running app)")
    sub.add_parser("status", parents=[common], help="what the running app will do next")
    pause = sub.add_parser("pause", parents=[common], help="pause reminders (running app)")
    pause.add_argument(
        "minutes", help="minutes to pause (1-1440), 'tomorrow', or 'resumed' (until you resume)"
    )
    sub.add_parser("resume", parents=[common], help="resume reminders (running app)")
    sub.add_parser("quit", parents=[common], help="quit the running app")
    sub.add_parser("show-stats", parents=[common], help="open the weekly stats window")
    sub.add_parser("show-settings", parents=[common], help="open the settings dialog")
    sub.add_parser("show", parents=[common], help="bring back the status window (no tray)")
    stats = sub.add_parser("stats", parents=[common], help="print the weekly summary")
    stats.add_argument("--week", help="ISO week like 2026-W47 (default: this week)")
    stats.add_argument("--format", choices=("table", "json", "csv"), default="table")
    stats.add_argument("--machine", help="one machine's breaks only (name or id; see sync status)")
    export = sub.add_parser("export", parents=[common], help="write the history as CSV")
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    imp = sub.add_parser("import", parents=[common], help="add a history CSV (all or nothing)")
    imp.add_argument("file", type=Path)
    plan = sub.add_parser("plan", parents=[common], help="the breaks planned for a day")
    plan.add_argument("--day", help="YYYY-MM-DD (default: today)")
    cards = sub.add_parser("cards", parents=[common], help="list or check break cards")
    group = cards.add_mutually_exclusive_group()
    group.add_argument("--check", type=Path, metavar="DIR", help="validate a folder of cards")
    group.add_argument("--render", type=Path, metavar="DIR", help="write a PNG of every card")
    sub.add_parser("doctor", parents=[common], help="what works on this desktop")
    sync = sub.add_parser("sync", parents=[common], help="history shared through a sync folder")
    sync.add_argument("action", choices=("status", "now"), help="status, or now: write and merge")
    return p


def _err(message: str) -> None:
    print(f"posture-break: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the exit code is 0, 1 or 2 and a failure is one line on stderr, never a
    traceback: an unexpected error is logged (with its traceback) to the log file instead."""
    args = _parser().parse_args(argv)
    command = args.command or "run"
    data_dir = getattr(args, "data_dir", None)
    lang = getattr(args, "lang", None)

    from posture_break.core.paths import DataDirError, resolve_paths

    paths = None
    try:
        paths = resolve_paths(data_dir)  # "~nobody/x" cannot be resolved, for one
        code = _dispatch(paths, command, args, lang)
        sys.stdout.flush()  # here, where a closed pipe is handled, not at interpreter exit
        return code
    except DataDirError as exc:
        _err(str(exc))
        return 1
    except UsageError as exc:
        _err(str(exc))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``plan | head -1``): stop quietly, and keep Python's own flush
        # at exit from raising again.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:  # the last line of defence (RecursionError, MemoryError too)
        where = _log_crash(paths, command) if paths is not None else None
        reason = " ".join(str(exc).split())[:200] or exc.__class__.__name__
        detail = f"; details in {where}" if where else ""
        _err(f"{command}: internal error ({exc.__class__.__name__}: {reason}){detail}")
        return 1


def _log_crash(paths: Paths, command: str) -> Path | None:
    """Append the traceback being handled to the log file; its path, or None if it cannot."""
    import logging
    import traceback

    logfile = paths.log_dir / "posture-break.log"
    try:
        paths.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(logfile, os.O_CREAT | os.O_APPEND | os.O_WRONLY | os.O_NONBLOCK, 0o600)
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # never append a traceback to a device
            os.close(fd)
            return None
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            stamp = logging.Formatter().formatTime(logging.makeLogRecord({}))
            fh.write(f"{stamp} ERROR command {command!r} failed\n{traceback.format_exc()}")
    except OSError:
        return None
    return logfile


def _dispatch(paths: Paths, command: str, args: argparse.Namespace, lang: str | None) -> int:
    if command == "run":
        from posture_break.ui.launch import run_app

        return run_app(paths, lang=lang)
    if command in INSTANCE_COMMANDS:
        return _instance_command(paths, command, args)
    if command == "doctor":
        from posture_break.doctor import run_doctor

        return run_doctor(paths)
    if command == "cards":
        return _cards(paths, args, lang)
    if command == "plan":
        return _plan(paths, args)
    if command in ("stats", "export", "import", "sync"):
        return _history(paths, command, args)
    raise AssertionError(command)  # pragma: no cover - argparse only gives known commands


def _load_settings(paths: Paths) -> Settings:
    from posture_break.core.settings import load_settings

    result = load_settings(paths.settings_file)
    for problem in result.problems:
        _err(problem)
    return result.settings


def _open_store(paths: Paths, *, read_only_ok: bool = False) -> Store | None:
    """The history; with ``read_only_ok`` (export) a folder or file that cannot be written is
    read as it is, changing nothing."""
    from posture_break.core.paths import DataDirError, ensure_dirs
    from posture_break.core.store import Store, StoreError

    try:
        ensure_dirs(paths)
        store = Store.open(paths.db_file)
    except (DataDirError, StoreError) as exc:
        if not (read_only_ok and paths.db_file.is_file()):
            if isinstance(exc, DataDirError):
                raise
            _err(str(exc))
            return None
        try:
            store = Store.open_readonly(paths.db_file)
        except StoreError as ro_exc:
            _err(str(ro_exc))
            return None
    for notice in store.notices:
        _err(notice)
    return store


def _card_dirs(paths: Paths) -> list[Path]:
    from posture_break.core.cards import bundled_cards_dir

    return [bundled_cards_dir(), paths.cards_dir]


def _cards(paths: Paths, args: argparse.Namespace, lang: str | None) -> int:
    from posture_break import cli_cards

    if args.check is not None:
        return cli_cards.run([args.check], check=args.check, render=None)
    return cli_cards.run(_card_dirs(paths), check=None, render=args.render, lang=lang or "en")


def _plan(paths: Paths, args: argparse.Namespace) -> int:
    from posture_break import cli_plan
    from posture_break.platform.clock import SystemClock

    day = None
    if args.day:
        from posture_break.core.limits import date_problem

        try:
            day = date.fromisoformat(args.day)
        except ValueError:
            raise UsageError(f"--day {args.day!r} is not a date like 2026-11-23") from None
        problem = date_problem(day)
        if problem:
            raise UsageError(f"--day {problem}")
    clock = SystemClock()
    return cli_plan.run(_load_settings(paths), day, clock.tz)


def _history(paths: Paths, command: str, args: argparse.Namespace) -> int:
    from posture_break import cli_stats
    from posture_break.platform.clock import SystemClock

    store = _open_store(paths, read_only_ok=command == "export")
    if store is None:
        return 1
    try:
        from posture_break import sync_host

        settings = _load_settings(paths)
        # The machine id is made (and written to the data dir) only when sync is on: with it off,
        # export and import keep the plain CSV, and a read-only data dir can still be exported.
        syncer, notices = sync_host.make_syncer(paths, settings, store)
        machine_id = syncer.identity.machine_id if syncer is not None else None
        for notice in notices:
            _err(notice)
        if syncer is not None:  # the other machines' breaks first (and ours out, for `now`)
            report = sync_host.run_sync(paths, syncer, publish=command in ("import", "sync"))
            for line in report.notices + report.problems:
                _err(line)
        if command == "sync":
            if args.action == "now" and syncer is None:
                _err("sync is off: set [sync] folder in the settings first")
                return 1
            lines = sync_host.status_lines(paths, settings, store)
            width = max(len(k) for k, _ in lines)
            for key, value in lines:
                print(f"{key:<{width}}  {value}")
            return 0
        if command == "export":
            from posture_break.core.outbox import JOURNAL_NAME

            own = (
                paths.db_file,
                paths.settings_file,
                paths.log_dir / "posture-break.log",
                paths.data_dir / JOURNAL_NAME,  # outcomes the app could not write yet
            )
            return cli_stats.run_export(store, args.out, own, machine_id)
        from posture_break.core.cards import load_cards

        cards, _problems = load_cards(_card_dirs(paths))
        if command == "import":
            code = cli_stats.run_import(store, args.file, {c.id for c in cards}, machine_id)
            if code == 0 and syncer is not None:
                sync_host.run_sync(paths, syncer)
            return code
        clock = SystemClock()
        view: History = store
        if args.machine:
            from posture_break.core.sync_machines import MachineView, resolve_machine

            identity = syncer.identity if syncer is not None else None
            if identity is None:
                identity, _ = sync_host.load_identity(paths)
            machine = resolve_machine(store, identity, args.machine)
            if machine is None:
                raise UsageError(
                    f"--machine {args.machine!r}: no such machine (see `posture-break sync status`)"
                )
            view = MachineView(store, machine)
        return cli_stats.run_stats(
            view,
            settings,
            week=args.week,
            fmt=args.format,
            tz=clock.tz,
            today=clock.now().date(),
            card_areas={c.id: c.areas for c in cards},
        )
    finally:
        store.close()


def _instance_command(paths: Paths, command: str, args: argparse.Namespace) -> int:
    from posture_break.core.model import PAUSE_WORDS
    from posture_break.ipc import InstanceUnreachable, send_command

    payload: dict[str, object] = {"cmd": command}
    if command == "pause":
        value = args.minutes
        if value in PAUSE_WORDS:
            payload["until"] = PAUSE_WORDS[value].value
        else:
            try:
                minutes = int(value)
            except ValueError:
                raise UsageError(
                    f"pause {value!r}: give minutes (1-1440), 'tomorrow' or 'resumed'"
                ) from None
            if not 1 <= minutes <= 1440:
                raise UsageError(f"pause {minutes}: minutes must be 1-1440")
            payload["minutes"] = minutes
    try:
        reply = send_command(paths, payload)
    except InstanceUnreachable as exc:
        _err(str(exc))
        return 1
    if not reply.get("ok"):
        _err(str(reply.get("error", "the running app refused the command")))
        return 1
    message = reply.get("message")
    if message:
        print(message)
    return 0
