"""Where posture-break keeps its files.

Without options: platformdirs' per-user config, data and log folders. With ``--data-dir DIR``
everything lives under DIR (portable mode, and how tests stay independent of each other).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "posture-break"


def assets_dir() -> Path:
    """The bundled assets: ``posture_break/assets`` inside an installed wheel (hatch copies the
    top-level ``assets/`` there), else the top-level ``assets/`` of a source checkout or an
    editable install."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "assets"
    if installed.is_dir():
        return installed
    return package.parent / "assets"


class DataDirError(Exception):
    """A folder we need cannot be created or written; the message is one line for the person."""


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    portable: bool = False

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def db_file(self) -> Path:
        return self.data_dir / "history.sqlite3"

    @property
    def cards_dir(self) -> Path:
        return self.data_dir / "cards"

    @property
    def instance_key(self) -> str:
        """Names the single-instance socket: one instance per user and data directory."""
        user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
        # A name, not a secret (the socket's folder is private and peers are checked), so two
        # zlib checksums do: hashlib would load OpenSSL, 3.6 MiB of a tray app's memory.
        raw = str(self.data_dir.resolve()).encode("utf-8")
        digest = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
        return f"{APP_NAME}-{user}-{digest}"


def resolve_paths(data_dir: Path | str | None = None) -> Paths:
    if data_dir is not None:
        try:
            root = Path(data_dir).expanduser().absolute()
        except RuntimeError:  # "~nobody/x": no such user, no home folder to expand
            raise DataDirError(f"{data_dir}: no such home folder") from None
        return Paths(config_dir=root, data_dir=root, log_dir=root / "logs", portable=True)
    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
    )


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) readable by the user alone, and check we can write in it."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    except FileExistsError:
        raise DataDirError(f"{path}: exists but is not a folder") from None
    except OSError as exc:
        raise DataDirError(f"{path}: cannot create the folder ({exc.strerror or exc})") from None
    if not path.is_dir():
        raise DataDirError(f"{path}: exists but is not a folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(f"{path}: the folder is not writable")


def ensure_dirs(paths: Paths) -> None:
    for folder in dict.fromkeys((paths.config_dir, paths.data_dir, paths.log_dir)):
        ensure_private_dir(folder)


def write_private_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` via a temp file in the same folder + rename, mode 0600.

    A crash leaves either the old file or the new one, never half of one; the person's file is
    readable by them alone from the first byte. A symlink is followed (the file it points to is
    replaced, the link stays); a path naming a device, a FIFO or a folder is refused (OSError).
    """
    path = path.absolute()  # its folder must exist: a mistyped path is an error, not a new tree
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        raw = data.encode("utf-8") if isinstance(data, str) else data
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
