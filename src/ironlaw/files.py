"""Reading a user's file: a regular file, of bounded size, strict UTF-8 — or one clear error;
and writing one whole or not at all (:func:`write_text`).

Every file ironlaw reads (catalog and scenario YAML, sweep specs, Hugging Face ``config.json``,
host profiles, ONNX models) comes through here, so none can hang on a FIFO, read ``/dev/zero``
forever, fill memory, or turn bad bytes into a traceback. Each refusal is a
:class:`ironlaw.errors.UserError` naming the file and what was expected.

JSON and YAML are parsed here too, and a document nested deeper than MAX_DEPTH or holding a
non-finite number (``NaN``, ``Infinity``, ``.inf``) is refused naming the field.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Any

from ironlaw.errors import ParameterError, UserError, quoted

MiB = 2**20
TEXT_LIMIT = 4 * MiB  # the largest spec, scenario, catalog or config file read
MAX_DEPTH = 32  # deeper than any ironlaw file format nests
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def is_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is Ctrl-C, as it is raised or as a library wraps it: KeyboardInterrupt
    itself, or an error of DuckDB's that carries it (its InterruptException, 'Query
    interrupted', an Error whose message is 'KeyboardInterrupt: …')."""
    if isinstance(exc, KeyboardInterrupt):
        return True
    return (type(exc).__module__ in ("duckdb", "_duckdb", "builtins")
            and isinstance(exc, Exception) and "interrupt" in str(exc).lower()) or \
        type(exc).__name__ == "InterruptException"


def regular_file(path: str | Path, what: str, limit_bytes: int) -> tuple[Path, int]:
    """``path`` and its size, if it is a regular file of at most ``limit_bytes``.

    Looks with ``stat`` (which never blocks), so a FIFO, a device such as ``/dev/zero`` or a
    folder is refused before anything opens it.
    """
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what} ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "something else")
        raise UserError(f"{path}: the {what} must be a regular file; this is {kind}")
    if info.st_size > limit_bytes:
        raise UserError(f"{path}: the {what} is {info.st_size:,} bytes; at most "
                        f"{limit_bytes:,} are read")
    return path, info.st_size


def read_bytes(path: str | Path, what: str, limit_bytes: int = TEXT_LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit_bytes`` (checked again while reading, in
    case it grows)."""
    path, _ = regular_file(path, what, limit_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what} ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else since stat
            raise UserError(f"{path}: the {what} must be a regular file")
        chunks, size = [], 0
        while size <= limit_bytes:
            chunk = os.read(fd, min(MiB, limit_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise UserError(f"{path}: cannot read {what} ({exc.strerror})") from None
    finally:
        os.close(fd)
    if size > limit_bytes:
        raise UserError(f"{path}: the {what} is over {limit_bytes:,} bytes; at most "
                        f"{limit_bytes:,} are read")
    return b"".join(chunks)


def read_text(path: str | Path, what: str, limit_bytes: int = TEXT_LIMIT) -> str:
    """The text of a regular UTF-8 file of at most ``limit_bytes``."""
    data = read_bytes(path, what, limit_bytes)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise UserError(f"{path}: the {what} is not UTF-8 text (byte 0x{data[exc.start]:02x} "
                        f"on line {line})") from None


def _check_tree(data: Any, path: Path, what: str) -> Any:
    """Refuse nesting deeper than MAX_DEPTH and non-finite numbers, naming the field.

    Each list or mapping is visited once, so YAML aliases (shared or even self-referencing
    nodes) cost their size, not their expansion.
    """
    stack, seen = [(data, ())], set()
    while stack:
        node, where = stack.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                continue
            seen.add(id(node))
        field = ".".join(str(p) for p in where) or "(top level)"
        if len(where) > MAX_DEPTH:
            raise UserError(f"{path}: {field}: the {what} nests deeper than {MAX_DEPTH} levels")
        if isinstance(node, float) and not math.isfinite(node):
            raise UserError(f"{path}: {field}: expected a finite number; got {node}")
        if isinstance(node, dict):
            stack.extend((v, (*where, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(node))
    return data


def read_json(path: str | Path, what: str, limit_bytes: int = TEXT_LIMIT) -> Any:
    """A JSON document from a file, checked by :func:`_check_tree`."""
    import json

    path = Path(path)
    text = read_text(path, what, limit_bytes)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}: the {what} is not valid JSON (line {exc.lineno}: "
                        f"{exc.msg})") from None
    except RecursionError:
        raise UserError(f"{path}: the {what} nests deeper than {MAX_DEPTH} levels") from None
    return _check_tree(data, path, what)


def read_yaml(path: str | Path, what: str, limit_bytes: int = TEXT_LIMIT) -> Any:
    """A YAML document from a file, read with the safe loader (no Python objects), checked by
    :func:`_check_tree`."""
    import yaml

    path = Path(path)
    text = read_text(path, what, limit_bytes)
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise UserError(f"{path}: the {what} is not valid YAML{where}") from None
    except RecursionError:
        raise UserError(f"{path}: the {what} nests deeper than {MAX_DEPTH} levels") from None
    return _check_tree(data, path, what)


def target(path: str | Path, parameter: str) -> Path:
    """``path`` as a file to write, checked before any work: its folder exists and its name
    fits the file system (NAME_MAX bytes, 255 on most); else a ParameterError naming
    ``parameter`` (the option that gave the path)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ParameterError(parameter, f"folder {quoted(str(path.parent))} does not exist")
    most = os.pathconf(path.parent, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255
    if len(os.fsencode(path.name)) > most:
        raise ParameterError(parameter, f"the name {quoted(path.name)} is longer than the "
                                        f"{most} bytes the file system takes")
    return path


def write_text(path: str | Path, text: str, parameter: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` whole or not at all: into a temporary file beside it,
    then renamed over it. A folder that does not exist or cannot be written, or a name it
    cannot take, is a ParameterError naming ``parameter`` (the option that gave the path)."""
    path = target(path, parameter)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ParameterError(parameter, f"cannot write {path} ({exc.strerror})") from None
    return path
