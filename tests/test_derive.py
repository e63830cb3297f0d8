"""Worked calculations read like a textbook and serialize with unit-carrying keys."""

import json

import pytest

from ironlaw import units
from ironlaw.derive import calcs, derive
from ironlaw.errors import ParameterError, UserError


def example_inputs(calc):
    """Each parameter from its dimension's example string (or first choice), defaults kept."""
    out = {}
    for s in calc.inputs:
        if s.default is not None or s.optional:
            continue
        if s.dim == "text":  # a choice, or free text (an expression: 2 × 2.8 ms)
            out[s.name] = s.choices[0] if s.choices else "2 × [2.8 ms]"
        elif s.domain in ("fraction", "probability", "share"):
            out[s.name] = 0.5
        elif s.domain == "integer" or s.dim == "count":
            out[s.name] = "4, 4" if s.many else 4  # a list of widths needs two
        elif s.dim == "any":  # a quantity of whatever kind: a time
            out[s.name] = "2.8 ms"
        else:
            out[s.name] = units.DIMENSIONS[s.dim].example
    return out


def test_roofline_worked_calculation_text():
    text = derive("roofline", peak="989.4 TFLOP/s", bandwidth="3.35 TB/s", intensity=100).text()
    lines = text.splitlines()
    assert lines[0] == "Roofline: attainable compute rate"
    assert "P = min(R, I·BW)" in lines[1]
    assert "R  = 989 TFLOP/s" in text and "BW = 3.35 TB/s" in text
    # the substitution, then the intermediate (100 × 3.35 TB/s = 335 TFLOP/s), then the answer
    assert "P = min(989 TFLOP/s, 100 FLOP/B × 3.35 TB/s)" in text
    assert "= min(989 TFLOP/s, 335 TFLOP/s)" in text
    assert "memory-bound" in text and "295 FLOP/B" in text


def test_amdahl_worked_calculation():
    text = derive("amdahl", p=0.95, s=100).text()
    assert "1 / ((1 − 0.95) + 0.95/100)" in text
    assert "1 / (0.05 + 0.0095)" in text
    assert "16.81" in text


def test_json_keys_carry_units():
    d = derive("iron-law", data="16 GB", bandwidth="3.35 TB/s", flops="16 TFLOP",
               peak="989.4 TFLOP/s").to_dict()
    assert d["inputs"]["data_bytes"] == 16e9
    assert d["inputs"]["bandwidth_bytes_per_s"] == 3.35e12
    assert d["inputs"]["peak_flop_per_s"] == 989.4e12
    assert d["result"]["total_s"] == pytest.approx(16e9 / 3.35e12 + 16e12 / 989.4e12)
    assert d["result"]["dominant"] == "compute"


def test_latex_is_an_align_environment_with_the_formula_first():
    tex = derive("mm1", arrival_rate="80 /s", service_rate="100 /s").latex()
    assert tex.startswith("\\begin{align*}") and tex.endswith("\\end{align*}")
    assert "\\frac{1}{\\mu - \\lambda}" in tex and "\\text{50 ms}" in tex


def test_large_numbers_are_written_in_scientific_notation():
    d = derive("training-flops", parameters=175e9, tokens=300e9)
    assert "3.15×10²³ FLOP" in d.text()
    assert "10^{23}" in d.latex()


# laws whose optional inputs come in alternatives, one of which is needed
NEEDS_ONE_OF = {"roofline": {"intensity": 100},
                # shares that sum to 1; a lift that keeps p₂ below 1
                "psi": {"expected": "0.5, 0.5", "actual": "0.4, 0.6"},
                "ab-sample-size": {"baseline": 0.05, "lift": 0.02}}


@pytest.mark.parametrize("name", sorted(calcs()))
def test_every_law_renders_in_every_format(name):
    calc = calcs()[name]
    d = derive(name, **{**example_inputs(calc), **NEEDS_ONE_OF.get(name, {})})
    text = d.text()
    assert calc.title in text and calc.formula in text
    assert "{" not in "\n".join(d.substitutions())  # every placeholder was filled
    assert f"**{calc.title}**" in d.markdown()
    assert "\\begin{align*}" in d.latex()
    payload = json.loads(json.dumps(d.to_dict()))
    assert payload["law"] == name and set(payload["result"])


def test_missing_unknown_and_impossible_inputs_name_the_parameter():
    with pytest.raises(ParameterError, match="^intensity: roofline needs it \\(or flops"):
        derive("roofline", peak="1 PFLOP/s", bandwidth="1 TB/s")
    with pytest.raises(ParameterError,
                       match="^bandwith: .*it takes: bandwidth, bytes, flops, intensity, peak"):
        derive("roofline", peak="1 PFLOP/s", bandwith="1 TB/s", intensity=3)
    with pytest.raises(ParameterError, match="^bandwidth: .*greater than 0, got '-3 TB/s'"):
        derive("roofline", peak="1 PFLOP/s", bandwidth="-3 TB/s", intensity=3)
    with pytest.raises(ParameterError, match="^p: .*in \\(0, 1\\]"):
        derive("amdahl", p=1.5, s=10)
    with pytest.raises(ParameterError, match="^servers: "):
        derive("mmc", arrival_rate=1, service_rate=1, servers=2.5)
    with pytest.raises(ParameterError, match="^bandwidth: .*data rate"):
        derive("roofline", peak="1 PFLOP/s", bandwidth="80 GiB", intensity=3)
    with pytest.raises(UserError, match="did you mean 'roofline'"):
        derive("rooflin")
