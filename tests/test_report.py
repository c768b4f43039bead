"""The report context (spbe_reports.report): plain data, tested without Word."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from spbe_reports import compare, framework, report
from spbe_reports.assessment import Assessment, Entry, Identity
from spbe_reports.evaluation import evaluate
from spbe_reports.scoring import score

FW = framework.load()
STAGES = ("mandiri", "dokumen", "interviu", "visitasi")
WHEN = datetime(2026, 11, 29, 10, 0)
SERVICES = ("Perizinan Berusaha", "Kesehatan", "Pendidikan")
# With every other indicator at 2, these at 3 give the exact index 2,5965: shown "2,60", so "Baik".
JUST_BELOW_BAIK = [
    2,
    3,
    5,
    6,
    7,
    8,
    9,
    10,
    12,
    13,
    14,
    15,
    16,
    18,
    20,
    23,
    24,
    26,
    28,
    29,
    31,
    32,
    33,
    36,
    37,
    38,
    44,
    45,
    46,
]


def identity(name: str = "Dinas Komunikasi dan Informatika", **changes) -> Identity:
    values = {
        "name": name,
        "kind": "Pemerintah Kota",
        "year": 2026,
        "coordinator": "Ir. Sekretaris Daerah",
        "responsible": "Budi Santoso, S.Kom.",
        "data_entry": "Ani Lestari",
        "members": ("Andi", "Rina"),
        "services": SERVICES,
    }
    values.update(changes)
    return Identity(**values)


def assessment(self_levels, assessor=None, *, ident=None, texts=None, fw=FW) -> Assessment:
    """Self-assessed levels {n: level} (None = blank) plus optional assessor levels {stage: {n: level}}."""
    assessor = assessor or {}
    texts = texts or {}
    entries = []
    for ind in fw.indicators:
        n = ind.number
        levels = {"mandiri": self_levels.get(n)}
        for stage in STAGES[1:]:
            levels[stage] = assessor.get(stage, {}).get(n)
        explanation, evidence, note = texts.get(n, ("", "", ""))
        entries.append(Entry(n, levels, explanation=explanation, evidence=evidence, assessor_note=note))
    return Assessment(
        source="dinas.xlsx", framework_id=fw.id, identity=ident or identity(), entries=tuple(entries), stages=STAGES
    )


def uniform(level: int, fw=FW) -> dict[int, int]:
    return {ind.number: level for ind in fw.indicators}


def context(self_levels, assessor=None, *, average=None, draft=False, previous=None, target_index=None, **kwargs):
    ev = evaluate(
        FW, assessment(self_levels, assessor, **kwargs), draft=draft, previous=previous, target_index=target_index
    )
    return ev, report.build_context(ev, generated_at=WHEN, average=average)


def test_all_levels_three_give_3_00_baik_everywhere():
    _, ctx = context(uniform(3))
    assert (ctx["index"], ctx["rating"]) == ("3,00", "Baik")
    assert {(d["index"], d["rating"]) for d in ctx["domains"]} == {("3,00", "Baik")}
    assert {(a["index"], a["rating"]) for a in ctx["aspects"]} == {("3,00", "Baik")}
    assert len(ctx["domains"]) == 4 and len(ctx["aspects"]) == 8 and len(ctx["indicators"]) == 47


def test_predikat_is_read_from_the_displayed_index():
    values = uniform(2) | {n: 3 for n in JUST_BELOW_BAIK}
    ev, ctx = context(values)
    assert Fraction(2595, 1000) <= ev.final.index < Fraction(26, 10)  # exact value is still "Cukup" territory
    assert (ctx["index"], ctx["rating"]) == ("2,60", "Baik")


def test_contributions_add_up_to_the_exact_index():
    values = uniform(2) | {n: 4 for n in range(32, 48)}
    ev, ctx = context(values)
    total = sum(Decimal(row["contribution"].replace(",", ".")) for row in ctx["indicators"])
    assert Fraction(total) == ev.final.index
    assert Decimal(ctx["index_exact"].replace(",", ".")) == total
    row = ctx["indicators"][0]
    assert (row["weight"], row["contribution"], row["level_name"]) == ("1,30%", "0,0260", "Terkelola")


def test_pemantauan_without_assessor_stages():
    _, ctx = context(uniform(3))
    assert ctx["kind"] == "pemantauan"
    assert ctx["title"] == "LAPORAN HASIL PEMANTAUAN SPBE"
    assert ctx["has_stages"] is False
    assert [s["key"] for s in ctx["stages"]] == ["mandiri"]
    assert ctx["stage_changes"] == [] and ctx["overclaim"] == ""


def test_evaluasi_shows_each_stage_and_what_the_assessors_changed():
    ev, ctx = context(
        uniform(3), {"dokumen": {21: 2, 12: 4}, "interviu": {21: 1}}, texts={21: ("", "", "Bukti belum ditetapkan")}
    )
    assert ctx["kind"] == "evaluasi" and ctx["title"] == "LAPORAN HASIL EVALUASI SPBE"
    assert ctx["has_stages"] is True
    assert [s["name"] for s in ctx["stages"]] == ["Penilaian Mandiri", "Penilaian Dokumen", "Penilaian Interviu"]
    assert ctx["self_index"] == "3,00"
    assert ctx["index"] == ev.final.index_display.to_eng_string().replace(".", ",")
    changes = {c["number"]: c for c in ctx["stage_changes"]}
    assert set(changes) == {12, 21}
    assert (changes[21]["self_level"], changes[21]["final_level"], changes[21]["stage"]) == (
        "3",
        "1",
        "Penilaian Interviu",
    )
    assert changes[21]["note"] == "Bukti belum ditetapkan"
    assert changes[12]["note"] == "-"
    # 21 fell by two levels (1,5%) and 12 rose by one (2,5%): self minus final = 0,030 - 0,025 = 0,005 -> "0,01"
    assert ev.overclaim == Fraction(5, 1000)
    assert ctx["overclaim"] == "0,01"
    assert "lebih tinggi 0,01 poin" in ctx["overclaim_sentence"]
    detail = next(d for d in ctx["details"] if d["number"] == 21)
    assert detail["levels_text"] == "Penilaian Mandiri: 3; Penilaian Dokumen: 2; Penilaian Interviu: 1"
    assert detail["has_note"] is True


def test_no_stage_change_table_when_assessors_agree():
    _, ctx = context(uniform(3), {"dokumen": uniform(3)})
    assert ctx["has_stages"] is True
    assert ctx["has_stage_changes"] is False and ctx["stage_changes"] == []
    assert ctx["overclaim_sentence"] == "Indeks akhir sama dengan indeks hasil penilaian mandiri."


def test_average_column_only_when_an_average_is_given():
    _, without = context(uniform(3))
    assert without["has_average"] is False
    assert {d["average"] for d in without["domains"]} == {""}
    _, with_avg = context(uniform(3), average=score(FW, uniform(4)))
    assert with_avg["has_average"] is True
    assert with_avg["average_label"] == "Rata-rata instansi sejenis"
    assert {d["average"] for d in with_avg["domains"]} == {"4,00"}
    assert {a["average_rating"] for a in with_avg["aspects"]} == {"Sangat Baik"}
    assert with_avg["average_index"] == "4,00"


def test_chart_series_carry_the_average_as_a_second_series():
    ev = evaluate(FW, assessment(uniform(3)))
    series = report.chart_series(ev, score(FW, uniform(4)), "Rata-rata 2026")
    labels, values = series["aspects"]
    assert len(labels) == 8 and labels[0].startswith("1. ")
    assert values == [("Penilaian Mandiri", [3.0] * 8), ("Rata-rata 2026", [4.0] * 8)]
    assert len(report.chart_series(ev)["domains"][1]) == 1


def test_draft_flag_and_incomplete_values():
    values = uniform(3)
    del values[47]
    ev, ctx = context(values, draft=True)
    assert ctx["draft"] is True
    assert ctx["complete"] is False
    assert (ctx["index"], ctx["rating"]) == ("-", "belum dapat ditentukan")
    assert ctx["has_aspect_chart"] is False and ctx["has_domain_chart"] is False
    assert report.chart_series(ev) == {"aspects": None, "domains": None}
    row = ctx["indicators"][46]
    assert (row["level"], row["contribution"]) == ("-", "-")
    assert next(a for a in ctx["aspects"] if a["number"] == 8)["index"] == "-"
    assert next(a for a in ctx["aspects"] if a["number"] == 1)["index"] == "3,00"
    assert ctx["has_road"] is False and ctx["road_sentence"] == ""
    _, final = context(uniform(3))
    assert final["draft"] is False


def test_sectoral_service_names_appear_with_their_indicators():
    _, ctx = context(uniform(3))
    names = {row["number"]: row["name"] for row in ctx["indicators"]}
    assert names[45].endswith("(Perizinan Berusaha)")
    assert names[47].endswith("(Pendidikan)")
    assert names[44] == FW.indicator(44).name
    assert [(s["indicator"], s["name"]) for s in ctx["agency"]["services"]] == list(zip((45, 46, 47), SERVICES))


def test_unnamed_service_is_shown_as_a_dash():
    _, ctx = context(uniform(3), ident=identity(services=("Perizinan",)))
    assert [s["name"] for s in ctx["agency"]["services"]] == ["Perizinan", "-", "-"]
    assert ctx["indicators"][45]["name"] == FW.indicator(46).name


def test_recommendations_keep_recommends_order_and_steps():
    values = uniform(3) | {1: 1, 40: 2, 45: 2}
    ev, ctx = context(values)
    assert [r["number"] for r in ctx["recommendations"]] == [r.indicator for r in ev.recommendations]
    assert [r["priority"] for r in ctx["recommendations"]] == list(range(1, len(ev.recommendations) + 1))
    first = ctx["recommendations"][0]
    assert first["number"] == ev.recommendations[0].indicator and first["repair"] is True  # below 3 comes first
    assert {r["number"] for r in ctx["recommendations"][:3]} == {1, 40, 45}  # the three below level 3 lead
    service = next(r for r in ctx["recommendations"] if r["number"] == 45)  # the largest weight (3%) below 3
    assert service["repair"] is True
    assert (service["from_level"], service["to_level"], service["gain"]) == (2, 3, "0,0300")  # 4 decimals
    step = service["steps"][0]
    assert step["evidence"] and step["criteria"] and "Perizinan Berusaha" in step["advice"]
    assert next(r for r in ctx["recommendations"] if r["number"] == 2)["repair"] is False  # at 3: raised, not repaired


def test_road_steps_show_the_running_index_up_to_the_band():
    values = uniform(2) | {n: 3 for n in JUST_BELOW_BAIK[:-3]}
    ev, ctx = context(values)
    assert ctx["rating"] == "Cukup" and ctx["has_road"] is True
    road = ctx["road"]
    assert road["to_rating"] == "Baik" and road["to_index"] == "2,60"
    shown = [Decimal(s["index_after"].replace(",", ".")) for s in road["steps"]]
    assert shown == sorted(shown) and shown[-1] >= Decimal("2.60") > shown[0] - Decimal("0.0001")
    assert road["steps"][-1]["index_after"] == road["index_after"]
    assert road["step_count"] == len(ev.road.steps)
    assert ctx["road_sentence"].startswith("Untuk mencapai predikat Baik")


def test_top_band_has_no_road_and_no_empty_tables():
    _, ctx = context(uniform(5))
    assert ctx["rating"] == "Memuaskan"
    assert ctx["at_top"] is True and ctx["has_road"] is False and ctx["road"]["steps"] == []
    assert ctx["has_recommendations"] is False and ctx["recommendations"] == []
    assert "predikat tertinggi" in ctx["road_sentence"]


def test_target_road_beside_the_road_to_the_next_predikat():
    values = uniform(3) | {n: 4 for n in range(11, 31)}  # exactly 3,40, Baik
    ev, ctx = context(values, target_index=Decimal("3.455"))
    assert ctx["index"] == "3,40" and ctx["has_road"] is True and ctx["has_target_road"] is True
    assert (ctx["road"]["to_rating"], ctx["road"]["to_index"]) == ("Sangat Baik", "3,50")
    assert ctx["road_sentence"].startswith("Untuk mencapai predikat Sangat Baik")
    target = ctx["target_road"]
    assert (target["to_index"], target["to_rating"]) == ("3,455", "Baik")  # as requested, not rounded
    assert [s["step"] for s in target["steps"]] == [1, 2]
    assert [s["index_after"] for s in target["steps"]] == ["3,43", "3,46"]
    assert (target["index_after"], target["rating_after"], target["step_count"]) == ("3,46", "Baik", 2)
    assert target["step_count"] == len(ev.target_road.steps) < ctx["road"]["step_count"]


@pytest.mark.parametrize("target_index", [None, Decimal("3.40"), Decimal("2.50")])
def test_no_target_road_without_a_target_above_the_index(target_index):
    values = uniform(3) | {n: 4 for n in range(11, 31)}
    ev, ctx = context(values, target_index=target_index)
    assert ev.target_road is None and ctx["has_target_road"] is False
    assert ctx["target_road"] == {
        "gap": "",
        "to_rating": "",
        "to_index": "",
        "index_after": "",
        "rating_after": "",
        "gain": "",
        "step_count": 0,
        "indicator_count": 0,
        "steps": [],
    }
    assert ctx["road"]["to_rating"] == "Sangat Baik"


def test_identity_and_signature():
    _, ctx = context(uniform(3), ident=identity(code="", coordinator="", members=()))
    agency = ctx["agency"]
    assert agency["code"] == "-" and agency["coordinator"] == "-" and agency["members_text"] == "-"
    assert agency["responsible"] == "Budi Santoso, S.Kom."
    assert ctx["signature"]["responsible"] == "Budi Santoso, S.Kom."
    assert ctx["signature"]["coordinator"].startswith("(....")  # a dotted line to sign on
    assert ctx["signature"]["date"] == ctx["generated_date"] == "29 November 2026"


def test_text_is_kept_as_typed_but_freed_of_forbidden_characters():
    texts = {1: ('A & B <c> "kutip" {{ 7*7 }}\r\nbaris\x07 dua\x0b', "https://x.go.id/?a=1&b=2", "")}
    _, ctx = context(uniform(3), texts=texts, ident=identity(name="Dinas A & B <Kota>\x01"))
    detail = ctx["details"][0]
    assert detail["explanation"] == 'A & B <c> "kutip" {{ 7*7 }}\nbaris dua'
    assert detail["evidence"] == "https://x.go.id/?a=1&b=2"
    assert detail["explanation"] == ctx["details"][0]["explanation"]
    assert ctx["agency"]["name"] == "Dinas A & B <Kota>"
    assert ctx["details"][1]["explanation"] == report.NOT_FILLED == "tidak diisi"  # an empty cell, said in words
    assert ctx["details"][0]["note"] == ""  # no assessor note: the row is left out, not filled with a dash


def test_methodology_bands_and_weights():
    _, ctx = context(uniform(3))
    bands = {b["name"]: b["range"] for b in ctx["methodology"]["ratings"]}
    assert bands == {
        "Memuaskan": "4,20 - 5,00",
        "Sangat Baik": "3,50 - < 4,20",
        "Baik": "2,60 - < 3,50",
        "Cukup": "1,80 - < 2,60",
        "Kurang": "1,00 - < 1,80",
    }
    assert [d["weight"] for d in ctx["methodology"]["domains"]] == ["13%", "25%", "16,5%", "45,5%"]
    aspect7 = ctx["methodology"]["aspects"][6]
    assert (aspect7["indicators"], aspect7["indicator_weight"], aspect7["weight"]) == ("32-41", "2,75%", "27,5%")
    assert ctx["framework"]["legal_basis"] and ctx["framework"]["text_note"]


def test_year_over_year_comparison():
    previous = compare.Previous(
        source="hasil-2025.json",
        agency="Dinas Komunikasi dan Informatika",
        year=2025,
        index=Decimal("2.40"),
        domains={1: Decimal("3.00"), 4: Decimal("2.10")},
        aspects={1: Decimal("3.00")},
        indicators={1: 3, 2: 2, 3: 4},
        recommendations=((2, 3), (3, 5)),
        framework=FW.id,
    )
    _, ctx = context(uniform(3), previous=previous)
    assert ctx["has_comparison"] is True
    comp = ctx["comparison"]
    assert (comp["index_before"], comp["index_after"], comp["index_change"], comp["index_direction"]) == (
        "2,40",
        "3,00",
        "+0,60",
        "naik",
    )
    assert [(d["number"], d["direction"]) for d in comp["domains"]] == [(1, "tetap"), (4, "naik")]
    assert [(i["number"], i["change"], i["direction"]) for i in comp["indicators"]] == [
        (2, "+1", "naik"),
        (3, "-1", "turun"),
    ]
    assert [(r["number"], r["met"]) for r in comp["recommendations"]] == [(2, True), (3, False)]
    assert comp["met_count"] == 1 and comp["year"] == 2025
    _, none = context(uniform(3))
    assert none["has_comparison"] is False


def _mini_framework():
    """A framework with no domain level: two aspects, three indicators."""
    levels = {n: {"criteria": f"Kriteria {n}", "evidence": [f"Bukti {n}"], "advice": f"Saran {n}"} for n in (1, 2, 3)}
    return framework.parse(
        {
            "id": "mini",
            "name": "Kerangka Mini",
            "version": "1",
            "title": "Uji",
            "legal_basis": ["Aturan Uji"],
            "index_name": "Indeks Uji",
            "levels": {"min": 1, "max": 3},
            "stages": [
                {"key": "mandiri", "name": "Penilaian Mandiri"},
                {"key": "dokumen", "name": "Penilaian Dokumen"},
            ],
            "ratings": [{"min": "2.5", "name": "Baik"}, {"min": "1", "name": "Kurang"}],
            "scales": {
                "s": {"name": "Skala", "levels": {1: {"name": "Awal"}, 2: {"name": "Tengah"}, 3: {"name": "Akhir"}}}
            },
            "aspects": [
                {"number": 1, "name": "Aspek Satu", "weight": "60"},
                {"number": 2, "name": "Aspek Dua", "weight": "40"},
            ],
            "indicators": [
                {"number": 1, "name": "Ind 1", "aspect": 1, "weight": "30", "scale": "s", "levels": levels},
                {"number": 2, "name": "Ind 2", "aspect": 1, "weight": "30", "scale": "s", "levels": levels},
                {"number": 3, "name": "Ind 3", "aspect": 2, "weight": "40", "scale": "s", "levels": levels},
            ],
        }
    )


def test_framework_without_domains_does_not_break():
    mini = _mini_framework()
    a = Assessment(
        source="x.xlsx",
        framework_id="mini",
        identity=identity(services=()),
        entries=tuple(Entry(n, {"mandiri": 2, "dokumen": None}) for n in (1, 2, 3)),
        stages=("mandiri", "dokumen"),
    )
    ev = evaluate(mini, a)
    ctx = report.build_context(ev, generated_at=WHEN, average=score(mini, {1: 3, 2: 3, 3: 3}))
    assert ctx["has_domains"] is False and ctx["domains"] == [] and ctx["has_domain_chart"] is False
    assert ctx["index"] == "2,00" and ctx["rating"] == "Kurang"
    assert [a["average"] for a in ctx["aspects"]] == ["3,00", "3,00"]
    assert ctx["agency"]["has_services"] is False
    assert report.chart_series(ev)["domains"] is None
    assert report.chart_series(ev)["aspects"] is not None


@pytest.mark.parametrize(
    ("moment", "text"), [(datetime(2026, 1, 5), "5 Januari 2026"), (datetime(2025, 8, 17), "17 Agustus 2025")]
)
def test_indonesian_date(moment, text):
    assert report.indonesian_date(moment) == text


def test_context_is_plain_data():
    values = uniform(3) | {1: 1}
    previous = compare.Previous(source="lalu.json", agency="x", index=Decimal("2.5"), framework=FW.id)
    _, ctx = context(values, {"dokumen": {2: 2}}, average=score(FW, uniform(4)), previous=previous)

    def check(value):
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                check(v)
        elif isinstance(value, list):
            for v in value:
                check(v)
        else:
            assert isinstance(value, (str, int, bool)), repr(value)

    check(ctx)
