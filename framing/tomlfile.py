"""Reading human-edited TOML rule files with errors that name the file, the line and the fix."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from .errors import LexiconError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def read_toml(path: str | Path) -> tuple[dict[str, Any], str]:
    """Parse a TOML file; return (data, raw text). A syntax error names file and line."""
    path = Path(path)
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise LexiconError(f"{path}: no such lexicon file") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        where = f":{m.group(1)}" if m else ""
        what = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise LexiconError(f"{path}{where}: TOML syntax error: {what}; fix the line (keys with CJK must be quoted, e.g. \"開源\" = 1.0)") from None
    return data, raw


def line_of(raw: str, key: str, section: str | None = None) -> int:
    """1-based line where ``key`` is defined (inside ``[section]`` when given); 0 if not found."""
    lines = raw.splitlines()
    in_section = section is None
    quoted = re.compile(r'^\s*["\']?' + re.escape(key) + r'["\']?\s*=')
    table = re.compile(r"^\s*\[+\s*" + re.escape(key) + r"\s*\]+")
    for i, line in enumerate(lines, 1):
        if table.match(line):
            return i
    for i, line in enumerate(lines, 1):
        s = line.strip()
        if section is not None and s.startswith("["):
            in_section = s.strip("[] ") == section
            continue
        if in_section and quoted.match(line):
            return i
    for i, line in enumerate(lines, 1):  # fall back to any mention
        if key in line:
            return i
    return 0


_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_.-]+))\s*=""")
_HEADER = re.compile(r"^\s*\[+\s*([^\]]+?)\s*\]+")


def key_lines(raw: str) -> dict[tuple[str, str], int]:
    """(section, key) -> 1-based line of every ``key = value`` line, in one pass over the file."""
    out: dict[tuple[str, str], int] = {}
    section = ""
    for i, line in enumerate(raw.splitlines(), 1):
        h = _HEADER.match(line)
        if h:
            section = h.group(1).strip().strip('"')
            out.setdefault(("", section), i)
            continue
        m = _KEY.match(line)
        if m:
            key = next(g for g in m.groups() if g is not None)
            out.setdefault((section, key), i)
    return out


def fail(path: str | Path, raw: str, key: str, what: str, *, section: str | None = None) -> LexiconError:
    """A LexiconError pointing at the line that defines ``key``."""
    n = line_of(raw, key, section) if key else 0
    where = f":{n}" if n else ""
    return LexiconError(f"{path}{where}: {what}")
