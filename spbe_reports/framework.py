"""The assessment framework as data: domains, aspects, indicators, scales and ratings.

A framework (for example PermenPANRB 59/2020) is one YAML file in ``spbe_reports/data``.
Nothing here assumes 59/2020's shape: a framework may have no domain level, another
number of indicators, or a level 0. The file is checked when it is loaded, and every
inconsistency raises :class:`FrameworkError` naming the file and the key.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from spbe_reports.defaults import DATA_DIR, DEFAULT_FRAMEWORK
from spbe_reports.defaults import available_frameworks as available
from spbe_reports.errors import SpbeError


class FrameworkError(SpbeError):
    """A framework file is missing, unreadable or inconsistent."""


@dataclass(frozen=True)
class Level:
    """What one level of one indicator requires, and the advice to reach it."""

    number: int
    name: str
    criteria: str
    evidence: tuple[str, ...]
    advice: str


@dataclass(frozen=True)
class ScaleLevel:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Scale:
    key: str
    name: str
    description: str
    levels: tuple[ScaleLevel, ...]

    def level_name(self, number: int) -> str:
        return next(level.name for level in self.levels if level.number == number)


@dataclass(frozen=True)
class Indicator:
    number: int
    name: str
    aspect: int
    weight: Decimal
    scale: Scale
    description: str
    levels: tuple[Level, ...]
    aliases: tuple[str, ...] = ()
    note: str = ""
    sectoral_service: int | None = None  # 1..3 for the agency-named sectoral services

    def level(self, number: int) -> Level:
        return next(level for level in self.levels if level.number == number)


@dataclass(frozen=True)
class Aspect:
    number: int
    name: str
    domain: int | None
    weight: Decimal


@dataclass(frozen=True)
class Domain:
    number: int
    name: str
    weight: Decimal


@dataclass(frozen=True)
class Rating:
    """A predikat band: every displayed index at or above ``minimum`` (and below the next band)."""

    minimum: Decimal
    name: str


@dataclass(frozen=True)
class Stage:
    key: str
    name: str


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    title: str
    legal_basis: tuple[str, ...]
    index_name: str
    text_note: str
    min_level: int
    max_level: int
    stages: tuple[Stage, ...]
    ratings: tuple[Rating, ...]  # highest band first
    scales: tuple[Scale, ...]
    domains: tuple[Domain, ...]
    aspects: tuple[Aspect, ...]
    indicators: tuple[Indicator, ...]
    evidence_guidance: tuple[tuple[int, int, str], ...] = ()

    @property
    def levels(self) -> range:
        return range(self.min_level, self.max_level + 1)

    def indicator(self, number: int) -> Indicator:
        return self._by_number(self.indicators, number)

    def aspect(self, number: int) -> Aspect:
        return self._by_number(self.aspects, number)

    def domain(self, number: int) -> Domain:
        return self._by_number(self.domains, number)

    def aspect_indicators(self, aspect: int) -> tuple[Indicator, ...]:
        return tuple(ind for ind in self.indicators if ind.aspect == aspect)

    def domain_aspects(self, domain: int) -> tuple[Aspect, ...]:
        return tuple(asp for asp in self.aspects if asp.domain == domain)

    def domain_indicators(self, domain: int) -> tuple[Indicator, ...]:
        aspects = {asp.number for asp in self.domain_aspects(domain)}
        return tuple(ind for ind in self.indicators if ind.aspect in aspects)

    def rating(self, displayed: Decimal) -> str:
        """The predikat of an index as displayed (already rounded)."""
        for band in self.ratings:
            if displayed >= band.minimum:
                return band.name
        return self.ratings[-1].name

    def next_rating(self, displayed: Decimal) -> Rating | None:
        """The band above the one ``displayed`` falls in, or None at the top."""
        above = [band for band in self.ratings if band.minimum > displayed]
        return above[-1] if above else None

    def evidence_guidance_for(self, number: int) -> str:
        return next((text for lo, hi, text in self.evidence_guidance if lo <= number <= hi), "")

    @staticmethod
    def _by_number(items, number):
        for item in items:
            if item.number == number:
                return item
        raise KeyError(number)


@cache
def load(name: str = DEFAULT_FRAMEWORK) -> Framework:
    """Load a shipped framework by id, or any framework file by path.

    The plain data of a file already read comes from the cache (:func:`cache_dir`), the same
    data without reading YAML; it is checked on every load all the same. Raises FrameworkError
    when the file is missing, is not valid YAML, or is inconsistent.
    """
    path = Path(name) if name.endswith((".yaml", ".yml")) else DATA_DIR / f"{name}.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(
            f"Kerangka penilaian '{name}' tidak ditemukan ({path}). Yang tersedia: {', '.join(available())}."
        ) from None
    except OSError as exc:
        raise FrameworkError(f"Berkas kerangka {path} tidak dapat dibaca: {exc}") from None
    return parse(_plain_data(text, path), source=str(path))


# --- the plain data of a framework file, cached -------------------------------------------------

# Reading the shipped framework's YAML takes about 90 ms of a start that should take under 300
# (issue #10): PyYAML's import alone compiles regular expressions for 40. The plain data of a
# file read once is kept in the user's cache folder under the hash of the file's text, and read
# back in a few milliseconds. The format is marshal's, that of Python's own byte-code cache: it
# holds plain data (dicts with int keys included) and is trusted as that cache is, in the
# user's own folder. A cache that is missing, unreadable, foreign or unwritable is no cache.
CACHE_ENV = "SPBE_CACHE_DIR"  # a folder for the cache instead of the usual one; empty: no cache
_CACHE_FORMAT = 1


def cache_dir() -> Path | None:
    """The folder that keeps the plain data of framework files read before, or None for no cache.

    $SPBE_CACHE_DIR when set (empty: no cache); else the usual cache folder of the system:
    %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, $XDG_CACHE_HOME or ~/.cache elsewhere.
    """
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    try:
        if sys.platform == "win32":
            base = Path(os.environ["LOCALAPPDATA"])
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except (KeyError, RuntimeError):  # no such variable, no home folder
        return None
    return base / "spbe-reports"


def _plain_data(text: str, path: Path) -> Any:
    """The data of a framework file's ``text``: from the cache when it holds this text's, else read as YAML."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    folder = cache_dir()
    cached = folder / f"kerangka-{key}.{sys.implementation.cache_tag}.marshal" if folder else None
    if cached is not None:
        try:
            version, cached_key, raw = marshal.loads(cached.read_bytes())
            if (version, cached_key) == (_CACHE_FORMAT, key):
                return raw
        except (OSError, ValueError, EOFError, TypeError):
            pass  # not there yet, or not ours: read the YAML and write it again
    raw = _read_yaml(text, path)
    if cached is not None:
        _store(cached, (_CACHE_FORMAT, key, raw))
    return raw


def _read_yaml(text: str, path: Path) -> Any:
    """The data of YAML ``text``, with libyaml's loader where PyYAML has it; FrameworkError when invalid."""
    import yaml  # here only: the cache usually spares a run PyYAML's import

    # libyaml's loader reads the shipped framework in about 40 ms instead of 500: the same safe
    # subset of YAML, the same data.
    try:
        return yaml.load(text, Loader=_safe_loader())
    except yaml.YAMLError as exc:
        raise FrameworkError(f"Berkas kerangka {path} tidak dapat dibaca: {exc}") from None


def _safe_loader() -> type:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _store(path: Path, value: Any) -> None:
    """Write ``value`` to the cache file ``path`` whole or not at all; nothing happens when it cannot be."""
    partial = None
    try:
        data = marshal.dumps(value)  # ValueError for what YAML can hold and marshal cannot (a date)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(partial, path)
    except (OSError, ValueError):
        if partial is not None:
            with contextlib.suppress(OSError):
                os.unlink(partial)


def parse(raw: Any, source: str = "<data>") -> Framework:
    """Build and check a Framework from the plain data of a framework file."""
    reader = _Reader(source)
    framework = reader.framework(raw)
    _check(framework, reader)
    return framework


class _Reader:
    """Turns plain data into the model, raising FrameworkError with the file and key."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, key: str, problem: str) -> FrameworkError:
        return FrameworkError(f"Berkas kerangka {self.source}, kunci '{key}': {problem}")

    def get(self, data: Any, key: str, where: str, kind: type | tuple[type, ...] = object):
        if not isinstance(data, dict) or key not in data:
            raise self.fail(f"{where}.{key}" if where else key, "wajib ada")
        value = data[key]
        if not isinstance(value, kind):
            raise self.fail(f"{where}.{key}" if where else key, f"jenis nilai tidak sesuai ({value!r})")
        return value

    def decimal(self, data: Any, key: str, where: str) -> Decimal:
        value = self.get(data, key, where, (str, int, float))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(f"{where}.{key}", f"bukan bilangan ({value!r})") from None
        if not number.is_finite() or number < 0:
            raise self.fail(f"{where}.{key}", f"bukan bilangan positif ({value!r})")
        return number

    def framework(self, raw: Any) -> Framework:
        if not isinstance(raw, dict):
            raise self.fail("(akar)", "isi berkas harus berupa pemetaan (mapping)")
        levels = self.get(raw, "levels", "", dict)
        scales = tuple(self.scale(key, data) for key, data in self.get(raw, "scales", "", dict).items())
        by_key = {scale.key: scale for scale in scales}
        return Framework(
            id=self.get(raw, "id", "", str),
            name=self.get(raw, "name", "", str),
            version=str(self.get(raw, "version", "", (str, int, float))),
            title=self.get(raw, "title", "", str),
            legal_basis=tuple(self.get(raw, "legal_basis", "", list)),
            index_name=self.get(raw, "index_name", "", str),
            text_note=raw.get("text_note", ""),
            min_level=self.get(levels, "min", "levels", int),
            max_level=self.get(levels, "max", "levels", int),
            stages=tuple(
                Stage(self.get(s, "key", f"stages[{i}]", str), self.get(s, "name", f"stages[{i}]", str))
                for i, s in enumerate(self.get(raw, "stages", "", list))
            ),
            ratings=tuple(
                Rating(self.decimal(r, "min", f"ratings[{i}]"), self.get(r, "name", f"ratings[{i}]", str))
                for i, r in enumerate(self.get(raw, "ratings", "", list))
            ),
            scales=scales,
            domains=tuple(
                Domain(
                    self.get(d, "number", f"domains[{i}]", int),
                    self.get(d, "name", f"domains[{i}]", str),
                    self.decimal(d, "weight", f"domains[{i}]"),
                )
                for i, d in enumerate(raw.get("domains") or [])
            ),
            aspects=tuple(
                Aspect(
                    self.get(a, "number", f"aspects[{i}]", int),
                    self.get(a, "name", f"aspects[{i}]", str),
                    a.get("domain"),
                    self.decimal(a, "weight", f"aspects[{i}]"),
                )
                for i, a in enumerate(self.get(raw, "aspects", "", list))
            ),
            indicators=tuple(
                self.indicator(data, f"indicators[{i}]", by_key)
                for i, data in enumerate(self.get(raw, "indicators", "", list))
            ),
            evidence_guidance=tuple((g["from"], g["to"], g["text"]) for g in raw.get("evidence_guidance") or []),
        )

    def scale(self, key: str, data: Any) -> Scale:
        where = f"scales.{key}"
        levels = self.get(data, "levels", where, dict)
        return Scale(
            key=key,
            name=self.get(data, "name", where, str),
            description=data.get("description", ""),
            levels=tuple(
                ScaleLevel(n, self.get(lv, "name", f"{where}.levels.{n}", str), lv.get("description", ""))
                for n, lv in sorted(levels.items())
            ),
        )

    def indicator(self, data: Any, where: str, scales: dict[str, Scale]) -> Indicator:
        scale_key = self.get(data, "scale", where, str)
        if scale_key not in scales:
            raise self.fail(f"{where}.scale", f"skala '{scale_key}' tidak didefinisikan di 'scales'")
        levels = self.get(data, "levels", where, dict)
        return Indicator(
            number=self.get(data, "number", where, int),
            name=self.get(data, "name", where, str),
            aspect=self.get(data, "aspect", where, int),
            weight=self.decimal(data, "weight", where),
            scale=scales[scale_key],
            description=data.get("description", ""),
            aliases=tuple(data.get("aliases") or ()),
            note=data.get("note", ""),
            sectoral_service=data.get("sectoral_service"),
            levels=tuple(
                Level(
                    number=n,
                    name=scales[scale_key].level_name(n) if n in {s.number for s in scales[scale_key].levels} else "",
                    criteria=self.get(lv, "criteria", f"{where}.levels.{n}", str),
                    evidence=tuple(self.get(lv, "evidence", f"{where}.levels.{n}", list)),
                    advice=self.get(lv, "advice", f"{where}.levels.{n}", str),
                )
                for n, lv in sorted(levels.items())
            ),
        )


def _check(fw: Framework, reader: _Reader) -> None:
    """Consistency rules; each failure names the key where the data is wrong."""
    fail = reader.fail
    if fw.min_level >= fw.max_level:
        raise fail("levels", "nilai 'min' harus lebih kecil daripada 'max'")
    expected_levels = set(fw.levels)
    for key, items in (("domains", fw.domains), ("aspects", fw.aspects), ("indicators", fw.indicators)):
        numbers = [item.number for item in items]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise fail(key, f"nomor ganda: {duplicates}")
    stage_keys = [stage.key for stage in fw.stages]
    if not stage_keys or len(set(stage_keys)) != len(stage_keys):
        raise fail("stages", "tahap penilaian harus ada dan kuncinya unik")
    for scale in fw.scales:
        if {lv.number for lv in scale.levels} != expected_levels:
            raise fail(f"scales.{scale.key}.levels", f"harus memuat tingkat {fw.min_level}..{fw.max_level}")

    domain_numbers = {d.number for d in fw.domains}
    aspect_numbers = {a.number for a in fw.aspects}
    for i, aspect in enumerate(fw.aspects):
        if fw.domains and aspect.domain not in domain_numbers:
            raise fail(f"aspects[{i}].domain", f"domain {aspect.domain} tidak ada di 'domains'")
        if not fw.domains and aspect.domain is not None:
            raise fail(f"aspects[{i}].domain", "kerangka tanpa 'domains' tidak boleh menyebut domain")
    for i, ind in enumerate(fw.indicators):
        if ind.aspect not in aspect_numbers:
            raise fail(f"indicators[{i}].aspect", f"aspek {ind.aspect} tidak ada di 'aspects'")
        if {lv.number for lv in ind.levels} != expected_levels - {0}:
            raise fail(f"indicators[{i}].levels", "harus memuat kriteria setiap tingkat di atas 0")

    total = sum((ind.weight for ind in fw.indicators), Decimal(0))
    if total != 100:
        raise fail("indicators", f"jumlah bobot indikator harus 100, tertulis {total}")
    for i, aspect in enumerate(fw.aspects):
        members = fw.aspect_indicators(aspect.number)
        if not members:
            raise fail(f"aspects[{i}]", "aspek tanpa indikator")
        summed = sum((ind.weight for ind in members), Decimal(0))
        if summed != aspect.weight:
            raise fail(
                f"aspects[{i}].weight", f"bobot {aspect.weight} tidak sama dengan jumlah bobot indikatornya {summed}"
            )
    for i, domain in enumerate(fw.domains):
        summed = sum((asp.weight for asp in fw.domain_aspects(domain.number)), Decimal(0))
        if summed != domain.weight:
            raise fail(
                f"domains[{i}].weight", f"bobot {domain.weight} tidak sama dengan jumlah bobot aspeknya {summed}"
            )

    minimums = [band.minimum for band in fw.ratings]
    if not minimums or minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
        raise fail("ratings", "predikat harus diurutkan dari batas bawah tertinggi, tanpa batas ganda")
    if minimums[-1] > fw.min_level or minimums[0] > fw.max_level:
        raise fail("ratings", f"rentang predikat harus mencakup seluruh nilai {fw.min_level}..{fw.max_level}")
