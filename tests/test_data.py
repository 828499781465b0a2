"""The sourced tables in data/: every row has a source, values are in range, loaders validate."""

import csv

import pytest

import helpers.data as data
from helpers.data import DATA, REFERENCE_WEIGHT_KG, dose_targets, label_doses


def test_every_csv_row_has_a_source_and_is_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    files = sorted(DATA.glob("*.csv"))
    assert files
    for path in files:
        assert path.name in readme, f"{path.name} is not described in data/README.md"
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows and all(r["source"].strip() for r in rows), path.name
        for column in rows[0]:
            assert column in readme, f"column {column} of {path.name} is not described"


def test_label_doses_load_and_targets_are_in_cells():
    rows = label_doses()
    assert {"axicabtagene ciloleucel", "lifileucel"} <= {r.product for r in rows}
    for t in dose_targets():
        assert 1e6 <= t.low_cells <= t.high_cells <= 1e12, t
        assert t.source


def test_per_kg_doses_use_the_reference_weight():
    axicel = next(r for r in label_doses() if r.product == "axicabtagene ciloleucel" and r.per_kg)
    target = next(t for t in dose_targets() if t.key.startswith("axicabtagene ciloleucel"))
    assert target.low_cells == pytest.approx(axicel.dose_low * REFERENCE_WEIGHT_KG)


def test_label_rows_cite_a_label():
    assert all("label" in r.source.lower() for r in label_doses())


def test_loader_rejects_bad_rows(tmp_path, monkeypatch):
    bad = tmp_path / "cell_doses.csv"
    bad.write_text(
        "product,brand,indication,cell_type,dose_low,dose_high,dose_unit,per_kg,weight_band,source\n"
        "x,X,y,CAR-T,5e6,1e6,cells,false,all,a label\n", encoding="utf-8")
    monkeypatch.setattr(data, "DATA", tmp_path)
    label_doses.cache_clear()
    try:
        with pytest.raises(ValueError, match="line 2: dose_low"):
            label_doses()
        bad.write_text(bad.read_text().replace("5e6,1e6", "1e6,nan"), encoding="utf-8")
        with pytest.raises(ValueError, match="dose_high must be a finite number"):
            label_doses()
        bad.write_text(bad.read_text().replace(",a label", ","), encoding="utf-8")
        with pytest.raises(ValueError, match="source column is empty"):
            label_doses()
    finally:
        label_doses.cache_clear()


def test_culture_expansions_load_and_imply_doubling_times():
    from helpers.data import culture_expansions

    rows = culture_expansions()
    assert len(rows) >= 3
    assert all(r.fold_low > 1 and r.days > 0 for r in rows)
    assert all(6 < r.doubling_time_h < 120 for r in rows)


def test_expansion_slider_spans_the_published_doubling_times():
    """The doubling-time range of notebook 00's explorer covers every published culture in data/."""
    from helpers.data import culture_expansions
    from helpers.explorers.manufacturing import ExpansionExplorer

    slider = ExpansionExplorer().controls["doubling_time_h"]
    times = [r.doubling_time_h for r in culture_expansions()]
    assert slider.min <= min(times) and max(times) <= slider.max


def test_clinical_landmarks_load_in_order_with_their_denominators():
    from helpers.data import clinical_landmarks, landmark_series

    points = clinical_landmarks()
    assert {p.trial for p in points} >= {"ZUMA-1", "ZUMA-7", "ELIANA", "C-144-01", "SCHOLAR-1"}
    assert all(p.population and p.data_cut and p.n >= 1 and 0 < p.survival < 1 for p in points)
    lifi = landmark_series("C-144-01", "lifileucel", "overall survival")
    assert [(p.months, p.survival) for p in lifi] == [(12.0, 0.540), (24.0, 0.339), (36.0, 0.283), (48.0, 0.222)]
    assert {p.n for p in lifi} == {153}
    zuma7 = {p.arm: p for p in points if p.trial == "ZUMA-7" and p.endpoint == "overall survival"}
    assert (zuma7["axi-cel"].survival, zuma7["axi-cel"].n, zuma7["standard care"].survival, zuma7["standard care"].n) \
        == (0.546, 180, 0.460, 179)
    with pytest.raises(ValueError, match="choose one of"):
        landmark_series("ZUMA-1", "axi-cel", "progression-free survival")


def test_clinical_landmarks_loader_rejects_a_rising_curve(tmp_path, monkeypatch):
    from helpers.data import clinical_landmarks

    head = "trial,arm,product,disease,endpoint,months,survival,n,population,data_cut,source\n"
    row = "T,a,p,d,overall survival,{m},{s},100,infused,cut,a paper\n"
    bad = tmp_path / "clinical_landmarks.csv"
    monkeypatch.setattr(data, "DATA", tmp_path)
    clinical_landmarks.cache_clear()
    try:
        bad.write_text(head + row.format(m=12, s=0.5) + row.format(m=24, s=0.6), encoding="utf-8")
        with pytest.raises(ValueError, match="line 3"):
            clinical_landmarks()
        bad.write_text(head + row.format(m=12, s=1.5), encoding="utf-8")
        with pytest.raises(ValueError, match="survival must be in"):
            clinical_landmarks()
        bad.write_text(head + row.format(m=12, s=0.5).replace(",100,", ",0,"), encoding="utf-8")
        with pytest.raises(ValueError, match="n must be"):
            clinical_landmarks()
    finally:
        clinical_landmarks.cache_clear()


def test_cost_effectiveness_rows_reproduce_their_published_icer_within_rounding():
    """Where an analysis publishes its costs and QALYs, the course's ICER arithmetic gives its ratio back."""
    from helpers.data import cost_effectiveness
    from helpers.models.economics import icer

    rows = {r.analysis: r for r in cost_effectiveness() if r.incremental_cost is not None}
    assert {"Whittington 2018", "FL third line 2023"} <= set(rows)
    for r in rows.values():
        assert r.cost_therapy is not None and r.cost_comparator is not None and r.incremental_qaly is not None
        ratio = icer(r.cost_therapy, r.incremental_qaly, r.cost_comparator, 0.0)
        # QALYs are published to two decimals: the ratio is known to within that rounding
        rounding = ratio * 0.005 / r.incremental_qaly
        assert abs(ratio - r.icer_published) <= max(rounding, 500.0), r.analysis
    assert round(icer(666_754, 9.28, 337_256, 2.10), -3) == 46_000  # "about $46,000 per QALY"


def test_published_icers_rise_as_the_long_term_remission_falls():
    from helpers.data import cost_effectiveness

    for analysis, order in (("Lin 2018", ("40 %", "20 %", "0 %")), ("Furzer 2020", ("40 %", "10 %"))):
        rows = {r.scenario.split(" ")[0] + " %": r.icer_published for r in cost_effectiveness()
                if r.analysis == analysis}
        ratios = [rows[s] for s in order]
        assert ratios == sorted(ratios), analysis


def test_gate_scenarios_load_with_a_dated_status_and_a_gate_that_fits_their_pattern():
    from helpers.data import gate_scenarios
    from helpers.models.recognition import TissueAntigens, gate_response

    rows = gate_scenarios()
    assert {r.gate for r in rows} == {"AND", "OR", "NOT"}
    for r in rows:
        assert 2010 <= r.year <= 2030 and r.source
        # the designed gate separates the tissues at least as well as either single receptor
        tumour = TissueAntigens(2_000.0 * r.tumour_a, 2_000.0 * r.tumour_b)
        parts = ([TissueAntigens(2_000.0, 0.0), TissueAntigens(0.0, 2_000.0)] if r.healthy_either else
                 [TissueAntigens(2_000.0 * r.healthy_a, 2_000.0 * r.healthy_b)])
        margin = {g: gate_response(g, tumour, 200.0) - max(gate_response(g, p, 200.0) for p in parts)
                  for g in ("A", "B", r.gate)}
        if r.gate != "OR":  # OR is for coverage (escape), not for sparing healthy tissue
            assert margin[r.gate] >= max(margin["A"], margin["B"]) - 0.05, r.scenario


def test_price_and_care_tables_load():
    from helpers.data import care_costs, durable_responses, product_prices

    assert {p.currency for p in product_prices()} == {"USD", "GBP", "EUR"}
    assert all(c.low <= c.high for c in care_costs())
    assert {d.trial for d in durable_responses()} == {"ZUMA-1", "ELIANA"}
