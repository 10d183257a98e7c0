"""The repository explains itself: README.md and docs/ link only to files inside it, and
docs/contracts.md names every command and every settings key."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from posture_break.cli import _parser
from posture_break.core import settings

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted((REPO / "docs").glob("*.md"))
CONTRACTS = REPO / "docs" / "contracts.md"
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")


def _texts() -> dict[Path, str]:
    files = [REPO / "README.md", *DOCS, *sorted((REPO / "posture_break").rglob("*.py"))]
    return {path: path.read_text(encoding="utf-8") for path in files}


def test_nothing_points_outside_the_repository() -> None:
    # what `grep -rn "\.\./shared" README.md docs/ posture_break/` looks for, and its cousins
    for path, text in _texts().items():
        for n, line in enumerate(text.splitlines(), start=1):
            assert "../shared" not in line, f"{path.relative_to(REPO)}:{n}: {line.strip()}"
            assert "shared/DESIGN" not in line and "shared/DOMAIN" not in line, f"{path}:{n}"


def test_every_link_in_the_docs_reaches_a_file_in_the_repository() -> None:
    assert {p.name for p in DOCS} >= {"architecture.md", "contracts.md", "evidence.md"}
    for path in [REPO / "README.md", *DOCS]:
        for target in LINK_RE.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue  # a web address or an anchor on the same page
            resolved = (path.parent / target.split("#", 1)[0]).resolve()
            assert resolved.is_relative_to(REPO), f"{path.name}: {target} leaves the repository"
            assert resolved.exists(), f"{path.name}: {target} does not exist"


def test_readme_links_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in ("docs/architecture.md", "docs/contracts.md", "docs/evidence.md"):
        assert f"]({name})" in readme, name


def test_contracts_name_every_settings_key_with_its_range() -> None:
    text = CONTRACTS.read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z_]+\.[a-z_]+)`.*$", text, re.M)}
    for section, cls in settings._SECTIONS.items():
        for field in dataclasses.fields(cls):
            key = f"{section}.{field.name}"
            assert key in rows, f"docs/contracts.md has no row for the settings key `{key}`"
            limits = settings._INT_RANGES.get((section, field.name))
            if limits:
                assert f"| {limits[0]}-{limits[1]} |" in rows[key], (key, limits, rows[key])
            choices = settings._CHOICE_LISTS.get((section, field.name), ())
            for choice in choices:
                assert f"`{choice}`" in rows[key], (key, choice)
    assert "`work_hours.mon`" in text


def test_contracts_name_every_command() -> None:
    text = CONTRACTS.read_text(encoding="utf-8")
    sub = next(a for a in _parser()._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert re.search(rf"`posture-break {re.escape(name)}\b|`{re.escape(name)}`", text), name
