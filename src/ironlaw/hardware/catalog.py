"""The built-in catalog of devices and nodes, plus the user's own files of the same schema.

``open_catalog(catalog)`` is the one resolver every command and module uses: the built-in
catalog, plus the measured host profile, plus the user's file (``--catalog``/``$IRONLAW_CATALOG``).
``get_device("H100")`` resolves IDs and aliases case-insensitively; an unknown name raises
:class:`UnknownName` with the closest matches. ``load_file(path)`` validates a user YAML file and
raises :class:`CatalogError` naming the file, the field and what was expected.

Validating the files (pydantic, and ~350 unit strings to parse) costs more than the rest of a
command; so the validated files are kept, pickled (the schema's classes are plain dataclasses of
SI floats), in the cache folder (``config.paths().cache_root``), keyed by a SHA-256 of the
ironlaw version, the code the objects depend on (schema.py, units.py, provenance.py) and every
file's path and bytes. A hit is unpickled without pydantic or pint and not validated again.
Unpickling runs what an entry says, so the cache folder is trusted as the user's own, as their
catalog files are; an entry carries the SHA-256 of its body, so a damaged or edited one is
caught. A missing, stale, unreadable or corrupt entry is rebuilt from the YAML. Writers replace
an entry atomically, so concurrent commands never read half a file.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ironlaw import config, provenance, units
from ironlaw.errors import UserError, quoted
from ironlaw.hardware import schema
from ironlaw.hardware.schema import CatalogFile, Device, Efficiency, Node
from ironlaw.uncertainty import END

CATALOG_DIR = Path(__file__).with_name("catalog")
TEMPLATE = Path(__file__).with_name("template.yaml")  # `ironlaw hw template`


class CatalogError(UserError, ValueError):
    """A catalog file that is missing, not YAML, or does not match the schema."""


class UnknownName(UserError, KeyError):
    """A device or node name that is not in the catalog."""

    def __init__(self, what: str, name: str, known: list[str]):
        close = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.5)
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        self.message = f"unknown {what} {quoted(name)}{hint} (see `ironlaw hw list`)"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _describe(error) -> str:
    """One line for a pydantic validation error: the field path and what was wrong."""
    first = error.errors()[0]
    loc, message = first["loc"], first["msg"].removeprefix("Value error, ")
    where = ".".join(str(part) for part in loc
                     if part not in ("function-after", *schema.UNION_TAGS))
    # pydantic words two errors of a dataclass apart from a model's: the catalog's classes were
    # models, and keep the wording users have seen (a Source was always a dataclass)
    if first["type"] == "dataclass_type" and first["ctx"]["class_name"] != "Source":
        message = f"Input should be a valid dictionary or instance of {first['ctx']['class_name']}"
    elif first["type"] == "unexpected_keyword_argument" and not (
            loc[:1] == ("sources",) or loc[-2:-1] == ("source",)):
        message = "Extra inputs are not permitted"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {message}{more}" if where else f"{message}{more}"


def load_file(path: str | Path) -> CatalogFile:
    """Read and validate one catalog YAML file."""
    from pydantic import ValidationError

    from ironlaw.files import read_yaml

    path = Path(path)
    data = read_yaml(path, "catalog file")
    try:
        return CatalogFile.from_data(data)
    except ValidationError as exc:
        raise CatalogError(f"{path}: {_describe(exc)}") from None
    except ValueError as exc:
        raise CatalogError(f"{path}: {exc}") from None


def _key(name: str) -> str:
    return name.strip().lower().replace("_", "-").replace(" ", "-")


@dataclass
class Catalog:
    """Devices and nodes by ID, with an alias index."""

    devices: dict[str, Device] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    efficiency: dict[str, Efficiency] = field(default_factory=dict)
    _merged: dict = field(default_factory=dict, repr=False, compare=False)  # id -> (device, eff)
    # the stamps of the files open_catalog read it from (() for the built-in catalog; None for
    # one made otherwise): reopen(files) gives it back, so results can be cached by them
    files: tuple | None = field(default=None, repr=False, compare=False)
    _ends: dict = field(default_factory=dict, repr=False, compare=False)  # (id, end) -> effs

    def add(self, content: CatalogFile, origin: str) -> None:
        self.efficiency.update(content.efficiency)  # a later file (the user's) overrides
        self._merged.clear()
        self._ends.clear()
        for item in (*content.devices, *content.nodes):
            for name in (item.id, *item.aliases):
                key = _key(name)
                if key in self.aliases and self.aliases[key] != item.id:
                    raise CatalogError(
                        f"{origin}: name {name!r} of {item.id!r} is already used by "
                        f"{self.aliases[key]!r}"
                    )
                self.aliases[key] = item.id
            if item.id in self.devices or item.id in self.nodes:
                raise CatalogError(f"{origin}: duplicate id {item.id!r}")
            target = self.devices if isinstance(item, Device) else self.nodes
            target[item.id] = item
        for node in content.nodes:
            self._check_node(node, origin)

    def _check_node(self, node: Node, origin: str) -> None:
        refs = [("accelerator", node.accelerator)]
        if node.host_cpu:
            refs.append(("host_cpu.device", node.host_cpu.device))
        for where, ref in refs:
            if ref not in self.devices:
                raise CatalogError(f"{origin}: node {node.id!r} {where}: unknown device {ref!r}")

    def resolve(self, name: str, among: dict | None = None, what: str = "device or node") -> str:
        """The ID for an ID or alias (case-insensitive), optionally only among ``among``."""
        ident = self.aliases.get(_key(name))
        if ident is not None and (among is None or ident in among):
            return ident
        if _key(name) == HOST:
            raise CatalogError("no measured profile of this machine yet: run "
                               "`ironlaw measure host` (or set IRONLAW_HOST_PROFILE)")
        if "," in name:
            raise UserError(f"expected one {what}, got a list {quoted(name)}: this answer is "
                            f"for one (compare several with `ironlaw hw compare` or `ironlaw sweep "
                            f"--device {name}`)")
        names = sorted(k for k, v in self.aliases.items() if among is None or v in among)
        raise UnknownName(what, name, names)

    def device(self, name: str) -> Device:
        return self.devices[self.resolve(name, self.devices, "device")]

    def node(self, name: str) -> Node:
        return self.nodes[self.resolve(name, self.nodes, "node")]

    def accelerator(self, name: str) -> tuple[Device, Node | None]:
        """The device ``name`` names, or the accelerator of the node it names (and the node)."""
        node = self.nodes.get(self.resolve(name))
        return self.devices[node.accelerator] if node else self.device(name), node

    def plus(self, content: CatalogFile, origin: str) -> Catalog:
        """A copy with ``content`` added; this catalog is untouched."""
        merged = Catalog(dict(self.devices), dict(self.nodes), dict(self.aliases),
                         dict(self.efficiency))
        merged.add(content, origin)
        return merged

    def efficiency_of(self, device: Device) -> Efficiency:
        """The efficiency parameters of the device's kind, each replaced by the device's own
        (calibrated from micro-benchmarks) where it has one (design.md §4); inside
        ``uncertainty.efficiency_at(end)``, each at that end of its stated range."""
        nominal = self._nominal_efficiency(device)
        end = END.get()
        if end is None:
            return nominal
        key = (id(nominal), end)
        if key not in self._ends:  # one object per end: solvers cache on identity
            self._ends[key] = (nominal, nominal.at(end))
        return self._ends[key][1]

    def _nominal_efficiency(self, device: Device) -> Efficiency:
        kind = self.efficiency.get(device.kind)
        if device.efficiency is None:
            if kind is None:
                raise CatalogError(f"no efficiency parameters for devices of kind "
                                   f"{device.kind!r}")
            return kind
        if id(device) not in self._merged:  # one object per device: solvers cache on identity
            names = {f.name for f in dataclasses.fields(Efficiency)}
            own = {name: value for name in names
                   if (value := getattr(device.efficiency, name)) is not None}
            if kind is None and own.keys() != names:
                missing = ", ".join(sorted(names - own.keys()))
                raise CatalogError(f"{device.id}: no efficiency parameters for devices of kind "
                                   f"{device.kind!r} to take {missing} from")
            merged = Efficiency(**own) if kind is None else dataclasses.replace(kind, **own)
            self._merged[id(device)] = (device, merged)
        return self._merged[id(device)][1]


CACHE_LIMIT = 64 * 2**20  # bytes of a cache entry read back


def _fingerprint(paths: list[Path]) -> str:
    """SHA-256 of what the parsed files depend on: the version, the parsing code, each file."""
    from ironlaw import __version__
    from ironlaw.files import read_bytes

    digest = hashlib.sha256(__version__.encode())
    for module in (schema, units, provenance):
        digest.update(Path(module.__file__).read_bytes())
    for path in paths:
        data = read_bytes(path, "catalog file")
        digest.update(f"\0{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _cache_entry(paths: list[Path]) -> Path:
    """The cache file for this list of catalog files (one entry per list, replaced on change)."""
    names = hashlib.sha256("\0".join(str(p) for p in paths).encode()).hexdigest()[:20]
    return config.paths().cache_root / "catalog" / f"{names}.pickle"


def _header(key: str, body: bytes) -> bytes:
    """An entry's first line: the key it was written under and the SHA-256 of its body."""
    return f"{key} {hashlib.sha256(body).hexdigest()}\n".encode()


def _read_cache(entry: Path, key: str) -> list[CatalogFile] | None:
    """The cached files if ``entry`` holds ``key`` and its body is the one written; None if it
    does not, or cannot be read (it is then rebuilt)."""
    from ironlaw.files import read_bytes

    try:
        data = read_bytes(entry, "catalog cache", CACHE_LIMIT)
        head, _, body = data.partition(b"\n")
        if head + b"\n" != _header(key, body):
            return None
        contents = pickle.loads(body)
    except Exception:  # noqa: BLE001 - whatever fails to read is rebuilt
        return None
    if isinstance(contents, list) and all(isinstance(c, CatalogFile) for c in contents):
        return contents
    return None


def _write_cache(entry: Path, key: str, contents: list[CatalogFile]) -> None:
    """Write the entry atomically (a temporary file, then rename); an unwritable cache folder
    only costs time."""
    body = pickle.dumps(contents, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.name}.")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(_header(key, body) + body)
            os.replace(partial, entry)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        entry.with_suffix(".json").unlink(missing_ok=True)  # the format before pickles
    except OSError:
        pass


def load_files(paths: list[Path]) -> list[CatalogFile]:
    """:func:`load_file` of each path, answered from the parsed-catalog cache when none of
    them (nor ironlaw) changed since it was written."""
    if not paths:
        return []
    key, entry = _fingerprint(paths), _cache_entry(paths)
    contents = _read_cache(entry, key)
    if contents is None:
        contents = [load_file(path) for path in paths]
        if _fingerprint(paths) == key:  # not edited while being read
            _write_cache(entry, key, contents)
    return contents


@lru_cache(maxsize=1)
def builtin() -> Catalog:
    """The catalog shipped with ironlaw (devices first, so nodes can refer to them)."""
    catalog = Catalog()
    files = [*sorted(CATALOG_DIR.glob("devices/*.yaml")), *sorted(CATALOG_DIR.glob("nodes/*.yaml")),
             CATALOG_DIR / "efficiency.yaml"]
    for path, content in zip(files, load_files(files), strict=True):
        catalog.add(content, path.name)
    catalog.files = ()
    return catalog


HOST = "host"


def open_catalog(catalog: Catalog | str | Path | None = None) -> Catalog:
    """The one catalog resolver, used by every command and module.

    A :class:`Catalog` is used as it is. Otherwise: the built-in catalog, plus this machine's
    measured profile if there is one (``config.paths().host_profile``), plus the user's file
    ``catalog`` (else ``$IRONLAW_CATALOG``, else none). Files are read again when they change.
    """
    if isinstance(catalog, Catalog):
        return catalog
    where = config.paths()
    user = catalog if catalog is not None else where.user_catalog
    return _merged(_stamp(where.host_profile, required=False),
                   None if user is None else _stamp(user, required=True))


def _stamp(path: str | Path, required: bool) -> tuple[str, int, int] | None:
    """The file and its modification time and size (so an edited file is read again); None
    for an optional file that is not there."""
    try:
        stat = os.stat(path)
    except OSError:
        return (str(path), 0, 0) if required else None  # load_file says what is wrong
    return (str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _merged(*stamps: tuple[str, int, int] | None) -> Catalog:
    catalog = builtin()
    paths = [Path(stamp[0]) for stamp in stamps if stamp is not None]
    for path, content in zip(paths, load_files(paths), strict=True):
        catalog = catalog.plus(content, str(path))
    if paths:
        catalog.files = stamps
    return catalog


def reopen(files: tuple) -> Catalog:
    """The catalog ``open_catalog`` made from these file stamps (``Catalog.files``): the same
    object while it is cached, else read again (a stamp holds each file's mtime and size)."""
    return _merged(*files)


def get_device(name: str) -> Device:
    return open_catalog().device(name)


def get_node(name: str) -> Node:
    return open_catalog().node(name)
