"""What one filled workbook says, as plain data: identity, and per indicator its levels by stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

SELF_STAGE = "mandiri"


@dataclass(frozen=True)
class Identity:
    name: str
    kind: str
    year: int
    code: str = ""
    coordinator: str = ""
    responsible: str = ""
    data_entry: str = ""
    members: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # names of the sectoral public services, in order
    parent_government: str = ""  # for a Perangkat Daerah: its Pemerintah Daerah Induk, as typed
    head_name: str = ""  # the agency's head, who acknowledges ("Mengetahui") the report
    head_position: str = ""
    head_nip: str = ""  # as typed, spaces removed

    def service(self, number: int) -> str:
        """The agency's name for sectoral service ``number`` (1-based), or ''."""
        return self.services[number - 1] if 0 < number <= len(self.services) else ""


@dataclass(frozen=True)
class Entry:
    """One indicator row: the level of every stage (None when empty) and the free text."""

    number: int
    levels: Mapping[str, int | None]
    explanation: str = ""
    evidence: str = ""
    assessor_note: str = ""
    target: int | None = None


@dataclass(frozen=True)
class Assessment:
    """A workbook's content. ``stages`` lists the stage keys in order, self-assessment first."""

    source: str
    framework_id: str
    identity: Identity
    entries: tuple[Entry, ...]
    stages: tuple[str, ...]
    template_version: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)

    def entry(self, number: int) -> Entry | None:
        return next((e for e in self.entries if e.number == number), None)

    @property
    def stages_present(self) -> tuple[str, ...]:
        """Stages in which at least one indicator has a level."""
        return tuple(s for s in self.stages if any(e.levels.get(s) is not None for e in self.entries))

    @property
    def assessor_stages_present(self) -> tuple[str, ...]:
        return tuple(s for s in self.stages_present if s != SELF_STAGE)

    @property
    def kind(self) -> str:
        """'evaluasi' when any assessor stage is filled, else 'pemantauan'."""
        return "evaluasi" if self.assessor_stages_present else "pemantauan"

    def values_at(self, stage: str) -> dict[int, int]:
        """Each indicator's latest level up to and including ``stage``."""
        upto = self.stages[: self.stages.index(stage) + 1]
        values = {}
        for e in self.entries:
            for s in upto:
                if e.levels.get(s) is not None:
                    values[e.number] = e.levels[s]
        return values

    def final_values(self) -> dict[int, int]:
        """Nilai Akhir: the last filled stage of each indicator."""
        return self.values_at(self.stages[-1])

    def final_stage(self, number: int) -> str | None:
        """The stage that gave the final value of indicator ``number``."""
        entry = self.entry(number)
        filled = [s for s in self.stages if entry and entry.levels.get(s) is not None]
        return filled[-1] if filled else None
