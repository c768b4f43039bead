"""Comparison groups: which evaluations may be averaged and ranked together. Pure, no I/O.

Averages and rankings compare like with like:

- a whole-government evaluation (Instansi Pusat, Pemerintah Provinsi, Pemerintah Kabupaten,
  Pemerintah Kota) is compared only with evaluations of the same Jenis Instansi;
- a Perangkat Daerah is compared only with the perangkat daerah of the same Pemerintah Daerah
  Induk, matched by :func:`normalise_government` ("Pemkab Sukamaju", "Kab. Sukamaju" and
  "Pemerintah Kabupaten  Sukamaju" are one government);
- perangkat daerah without a Pemerintah Daerah Induk form one group of their own (the reader
  warns about them with ``missing-parent-government``);
- evaluations under different frameworks are never in one group: the framework id is part of
  the key.

The label of a perangkat daerah group names its government. One evaluation only knows its own
spelling, so :func:`comparison_group` uses it; :func:`assign_groups` looks at the whole batch
and labels each group with the most common spelling among its members (after spelling out
the abbreviations), the first one seen when several are equally common.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spbe_reports.assessment import Identity

LOCAL_UNIT = "Perangkat Daerah"
WHOLE_GOVERNMENT_KINDS = ("Instansi Pusat", "Pemerintah Provinsi", "Pemerintah Kabupaten", "Pemerintah Kota")
UNIT_PREFIX = "pd:"
NO_PARENT = "?"
NO_PARENT_LABEL = "perangkat daerah tanpa keterangan pemerintah daerah induk"

# Abbreviations of a government's name, as words after punctuation is removed (lower case).
_ABBREVIATIONS = {
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "kab": "kabupaten",
    "prov": "provinsi",
}
# The same, as typed anywhere in a name, for the label: "Pemkab. Sukamaju" -> "Pemerintah Kabupaten Sukamaju".
_SHOWN_ABBREVIATIONS = re.compile(r"\b(pemkab|pemkot|pemprov|kab|prov)\b\.?", re.IGNORECASE)
_SHOWN_WORDS = {
    "pemkab": "Pemerintah Kabupaten",
    "pemkot": "Pemerintah Kota",
    "pemprov": "Pemerintah Provinsi",
    "kab": "Kabupaten",
    "prov": "Provinsi",
}
_REGION_WORDS = ("kabupaten", "kota", "provinsi")


@dataclass(frozen=True)
class Group:
    """A set of evaluations that may be averaged and ranked together.

    ``key`` is stable across runs and spellings (for programs: hasil.json); ``label`` is the
    Indonesian name used in reports ("perangkat daerah Pemerintah Kabupaten Sukamaju").
    """

    key: str
    label: str


def normalise_government(name: str) -> str:
    """A government's name as compared: case-folded, punctuation and repeated spaces removed,
    abbreviations spelled out, and "pemerintah" put before a bare "Kabupaten/Kota/Provinsi X".

    >>> normalise_government("Pemkab. Sukamaju")
    'pemerintah kabupaten sukamaju'
    """
    words = re.sub(r"[^\w]+", " ", name.casefold()).replace("_", " ").split()
    words = " ".join(_ABBREVIATIONS.get(w, w) for w in words).split()
    if words and words[0] in _REGION_WORDS:
        words.insert(0, "pemerintah")
    return " ".join(words)


def display_government(name: str) -> str:
    """A government's name as shown: as typed, with spaces collapsed and abbreviations spelled out."""
    text = _SHOWN_ABBREVIATIONS.sub(lambda m: f"{_SHOWN_WORDS[m.group(1).casefold()]} ", name)
    text = " ".join(text.split())
    if text.split(" ", 1)[0].casefold() in _REGION_WORDS:
        text = f"Pemerintah {text}"
    return text


def _framework_prefix(framework_id: str) -> str:
    return f"{framework_id}:" if framework_id else ""


def comparison_group(identity: Identity, framework_id: str = "") -> Group:
    """The group of one evaluation, labelled with its own spelling of the Pemerintah Daerah Induk.

    ``framework_id`` (the assessment's framework) is part of the key, so that evaluations under
    different frameworks never share a group.
    """
    prefix = _framework_prefix(framework_id)
    if identity.kind != LOCAL_UNIT:
        return Group(prefix + re.sub(r"\s+", "-", identity.kind.casefold()), identity.kind.casefold())
    parent = normalise_government(identity.parent_government)
    if not parent:
        return Group(f"{prefix}{UNIT_PREFIX}{NO_PARENT}", NO_PARENT_LABEL)
    return Group(f"{prefix}{UNIT_PREFIX}{parent}", f"perangkat daerah {display_government(identity.parent_government)}")


def assign_groups(members: Sequence[tuple[Identity, str]]) -> list[Group]:
    """The group of each (identity, framework id), in order, with one label per key.

    A perangkat daerah group is labelled with the most common shown spelling of its government
    among the members, the first one seen when several are equally common, so that
    "Pemkab Sukamaju" and "Pemerintah Kabupaten Sukamaju" make one group with one name.
    """
    own = [comparison_group(identity, framework_id) for identity, framework_id in members]
    spellings: dict[str, Counter[str]] = {}
    for group in own:
        spellings.setdefault(group.key, Counter())[group.label] += 1  # Counter keeps first-seen order
    labels = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()}
    return [Group(group.key, labels[group.key]) for group in own]


def sort_key(group: Group) -> tuple:
    """Report order: whole governments by kind (Instansi Pusat first), then perangkat daerah by
    government name, those without a Pemerintah Daerah Induk last."""
    if UNIT_PREFIX in group.key:
        framework, _, parent = group.key.partition(UNIT_PREFIX)
        return (framework, 1 if parent != NO_PARENT else 2, 0, group.label.casefold())
    framework, _, kind = group.key.rpartition(":")
    kinds = [re.sub(r"\s+", "-", k.casefold()) for k in WHOLE_GOVERNMENT_KINDS]
    return (framework, 0, kinds.index(kind) if kind in kinds else len(kinds), kind)


def ordered(groups: Iterable[Group]) -> list[Group]:
    """Distinct groups in report order (see :func:`sort_key`)."""
    return sorted(set(groups), key=sort_key)
