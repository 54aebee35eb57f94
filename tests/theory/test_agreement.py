"""Agreement between coders on configurations: matching, kappa and alpha, disagreements.

Every case here is SYNTHETIC (invented coders, sources and excerpts).
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import krippendorff
import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa

import cmo
from cmo.exceptions import CmoError, CmoWarning, InputError
from cmo.models import Collection, Configuration, Excerpt, Source
from cmo.theory.agreement import CATEGORIES, agree

from ..strategies import collections

EXAMPLES = Path(__file__).parents[2] / "examples" / "coders"
S, R, F, N = "supports", "refutes", "refines", None  # N: not cited

#: The synthetic two-coder case of examples/coders: per configuration, per excerpt e1-e6.
ANN = {"trust-referral": (S, S, S, N, R, N), "readiness": (N, N, F, S, N, S)}
BOB = {"trust-referral": (S, S, F, N, R, S), "readiness": (N, N, F, S, R, S)}
CAL = {"trust-referral": (S, S, S, N, R, S), "readiness": (N, N, F, S, N, S)}


def _sources(count: int = 2) -> list[Source]:
    return [Source(id=f"p{n:02}", kind="interview") for n in range(1, count + 1)]


def coder(coded: dict[str, Sequence[str | None]], *, sources: Sequence[Source] = (),
          ids: dict[str, str] | None = None) -> Collection:
    """A synthetic coder's theory: ``coded[configuration][i]`` is the stance given to
    excerpt ``e<i+1>`` (None: not cited); configurations differ by their outcome."""
    sources = list(sources) or _sources()
    width = max(len(stances) for stances in coded.values())
    excerpts = [Excerpt(id=f"e{n + 1}", source=sources[n % len(sources)],
                        text=f"Synthetic excerpt {n + 1}.") for n in range(width)]
    return Collection(sources=sources, excerpts=excerpts, configurations=[
        Configuration(id=(ids or {}).get(name, name), contexts=[{"label": "Synthetic context"}],
                      outcomes=[{"label": f"Synthetic outcome {name}"}],
                      evidence=[{"excerpt": excerpts[n], "stance": stance}
                                for n, stance in enumerate(stances) if stance])
        for name, stances in coded.items()])


def test_two_coders_kappa_by_hand() -> None:
    agreement = agree(coder(ANN), coder(BOB), names=("ann", "bob"))
    # 2 configurations x 6 excerpts = 12 units; the coders differ on 3 of them
    # (trust-referral e3: supports/refines, e6: not cited/supports; readiness e5).
    assert agreement.units == 12
    observed = Fraction(9, 12)
    assert agreement.observed == observed
    # Marginals over supports, refutes, refines, not cited: ann 5, 1, 1, 5; bob 5, 2, 2, 3.
    chance = Fraction(5 * 5 + 1 * 2 + 1 * 2 + 5 * 3, 12 * 12)  # 44/144
    kappa = (observed - chance) / (1 - chance)
    assert kappa == Fraction(16, 25)
    assert agreement.kappa.value == pytest.approx(float(kappa))
    assert agreement.kappa.standard_error is not None and agreement.kappa.interval is not None
    # Nominal alpha, two coders: 24 values (supports 10, refutes 3, refines 3, not cited 8);
    # 3 disagreeing units give 6 off-diagonal coincidences.
    disagreement = Fraction(6, 24)
    expected = Fraction(24 * 24 - (10**2 + 3**2 + 3**2 + 8**2), 24 * 23)
    assert agreement.alpha.value == pytest.approx(float(1 - disagreement / expected))
    assert round(agreement.alpha.value, 4) == 0.6497
    # Assignment alone (cited or not): 10 of 12 agree; ann cites 7, bob 9.
    chance = Fraction(7 * 9 + 5 * 3, 144)
    assert agreement.assignment_kappa.value == pytest.approx(
        float((Fraction(10, 12) - chance) / (1 - chance)))  # 7/11


def test_per_configuration_kappa_by_hand() -> None:
    table = agree(coder(ANN), coder(BOB), names=("ann", "bob")).table()
    # trust-referral: 4 of 6 agree; ann S3 R1 N2, bob S3 R1 F1 N1: chance 12/36.
    # readiness: 5 of 6 agree; ann N3 F1 S2, bob N2 F1 S2 R1: chance 11/36.
    assert [(row["configuration"], row["kappa"]) for row in table] == [
        ("trust-referral", (Fraction(4, 6) - Fraction(1, 3)) / (1 - Fraction(1, 3))),
        ("readiness", float((Fraction(5, 6) - Fraction(11, 36)) / (1 - Fraction(11, 36))))]
    assert table[0] == {
        "configuration": "trust-referral", "id in ann": "trust-referral",
        "id in bob": "trust-referral", "matched by": "id", "units": 6, "cited": 5,
        "agreed": 3, "disagreed": 2, "kappa": 0.5, "alpha": 0.532, "undefined": None}


def test_three_coders_alpha_by_hand() -> None:
    agreement = agree(coder(ANN), coder(BOB), coder(CAL), names=("ann", "bob", "cal"))
    # 36 values: supports 16, refutes 4, refines 4, not cited 12. Three units disagree, two
    # to one: each gives 2 off-diagonal coincidences (2 x 1 pairs / (3 - 1), both ways).
    disagreement = Fraction(6, 36)
    expected = Fraction(36 * 36 - (16**2 + 4**2 + 4**2 + 12**2), 36 * 35)
    alpha = 1 - disagreement / expected
    assert alpha == Fraction(109, 144)
    assert agreement.alpha.value == pytest.approx(float(alpha))
    assert agreement.kappa.value is None
    assert str(agreement.kappa) == ("undefined: Cohen's kappa is for two coders, not 3: see "
                                    "Krippendorff's alpha")
    assert "kappa" not in agreement.table()[0]


def test_the_example_files_give_the_hand_computed_values() -> None:
    paths = [EXAMPLES / f"{name}.yaml" for name in ("ann", "bob", "cal")]
    theories = [cmo.read(path) for path in paths]
    two = agree(*theories[:2], names=("ann", "bob"))
    assert two.kappa.value == pytest.approx(0.64)
    assert round(two.alpha.value, 4) == 0.6497
    assert agree(*theories, names=("ann", "bob", "cal")).alpha.value == pytest.approx(109 / 144)
    assert two.matching() == [
        {"what": "configuration", "id": "readiness", "id in ann": "readiness", "id in bob": "c2",
         "matched by": "elements"},
        {"what": "excerpt", "id": "e5", "id in ann": "e5", "id in bob": "b-05",
         "matched by": "text"},
        {"what": "excerpt", "id": "e6", "id in ann": "e6", "id in bob": "b-06",
         "matched by": "span"}]


def test_disagreements_name_both_sides_and_quote_only_when_asked() -> None:
    ids = {"readiness": "c2"}
    agreement = agree(coder(ANN), coder(BOB, ids=ids), names=("ann", "bob"))
    rows = agreement.disagreements()
    assert [(r["excerpt"], r["configuration"], r["stance by ann"], r["stance by bob"])
            for r in rows] == [("e3", "trust-referral", "supports", "refines"),
                               ("e6", "trust-referral", "not cited", "supports"),
                               ("e5", "readiness", "not cited", "refutes")]
    assert rows[2] == {"excerpt": "e5", "source": "p01", "configuration": "readiness",
                       "id in ann": "readiness", "stance by ann": "not cited",
                       "id in bob": "c2", "stance by bob": "refutes"}
    assert all("text" not in row for row in rows)
    assert agreement.disagreements(quotes=True)[0]["text"] == "Synthetic excerpt 3."


def test_a_configuration_only_one_coder_has_is_not_cited_by_the_others() -> None:
    agreement = agree(coder({"a": (S, S)}), coder({"a": (S, S), "b": (R, N)}),
                      names=("ann", "bob"))
    table = agreement.table()
    assert [(r["configuration"], r["id in ann"], r["id in bob"], r["matched by"])
            for r in table] == [("a", "a", "a", "id"), ("b", None, "b", "")]
    assert table[0]["undefined"] == ("every value is 'supports', so agreement by chance is "
                                     "certain")


def test_undefined_statistics_say_why_not_nan() -> None:
    agreement = agree(coder({"a": (N, N)}), coder({"a": (N, N)}))
    assert agreement.kappa.value is None and agreement.alpha.value is None
    assert agreement.kappa.reason == ("every value is 'not cited', so agreement by chance "
                                      "is certain")
    assert agreement.table()[0]["kappa"] is None
    assert agreement.statistics()[0]["undefined because"] == agreement.kappa.reason
    empty = agree(Collection(sources=_sources(1)), Collection(sources=_sources(1)))
    assert str(empty.alpha) == "undefined: there are no units: the coders share no excerpt"
    assert empty.observed is None


def test_errors_one_coder_and_no_shared_source() -> None:
    with pytest.raises(InputError) as one:
        agree(coder(ANN), names=("ann.yaml",))
    assert str(one.value) == ("ann.yaml: agreement needs two or more coders' theories, not 1 "
                              "(give one theory per coder)")
    with pytest.raises(InputError) as twice:
        agree(coder(ANN), coder(ANN), names=("ann.yaml", "ann.yaml"))
    assert str(twice.value) == ("'ann.yaml' is given more than once (give each coder's theory "
                                "once, under a name of its own)")
    other = [Source(id="q01", kind="interview")]
    with pytest.raises(InputError) as apart:
        agree(coder(ANN), coder(ANN, sources=other), names=("ann.yaml", "bob.yaml"))
    assert str(apart.value) == (
        "ann.yaml, bob.yaml: no source is in every coder's theory, so there is nothing to "
        "agree on (agreement is measured on the sources every coder coded: give them the "
        "same source ids)")


def test_sources_not_every_coder_has_are_left_out_with_a_warning() -> None:
    bob, extra = coder(BOB), Source(id="p03", kind="interview")
    bob = Collection(sources=(*bob.sources, extra), configurations=bob.configurations,
                     excerpts=(*bob.excerpts, Excerpt(id="e7", source=extra,
                                                      text="Synthetic excerpt 7.")))
    with pytest.warns(CmoWarning) as caught:
        agreement = agree(coder(ANN), bob, names=("ann", "bob"))
    assert [str(w.message) for w in caught] == [
        "ann, bob: 1 of 3 sources are not in every coder's theory and were left out of the "
        "agreement: p03"]
    assert (agreement.sources, agreement.left_out) == (("p01", "p02"), ("p03",))
    assert agreement.units == 2 * 6  # e7, of p03, is left out


def test_a_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "krippendorff", None)  # as if not installed
    with pytest.raises(CmoError) as missing:
        agree(coder(ANN), coder(BOB))
    assert str(missing.value) == ("agreement between coders needs krippendorff, which is not "
                                  "installed: pip install 'cmo-realist[agreement]'")


@st.composite
def _cases(draw: st.DrawFn) -> list[list[list[str | None]]]:
    """Per coder, per configuration, the stances given to excerpts e1, e2 ... (None: not
    cited)."""
    coders, configurations = draw(st.integers(2, 4)), draw(st.integers(1, 3))
    width = draw(st.integers(1, 8))
    stances = st.lists(st.sampled_from((S, R, F, N)), min_size=width, max_size=width)
    return [[draw(stances) for _ in range(configurations)] for _ in range(coders)]


@settings(max_examples=40, deadline=None)
@given(_cases())
def test_random_cases_equal_the_libraries_called_directly(
        case: list[list[list[str | None]]]) -> None:
    theories = [coder({f"c{k}": stances for k, stances in enumerate(coded)}) for coded in case]
    agreement = agree(*theories)
    codes = {value: number for number, value in enumerate((S, R, F, N))}
    values = numpy.array([[codes[v] for stances in coded for v in stances] for coded in case])
    assert agreement.units == values.shape[1]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        alpha = (krippendorff.alpha(reliability_data=values.astype(float),
                                    level_of_measurement="nominal", value_domain=[0, 1, 2, 3])
                 if len(set(values.flat)) > 1 else None)
        cited = (values != 3).astype(float)
        assignment = (krippendorff.alpha(reliability_data=cited, level_of_measurement="nominal",
                                         value_domain=[0, 1])
                      if len(set(cited.flat)) > 1 else None)
        table = numpy.zeros((4, 4))
        for first, second in values.T[:, :2]:
            table[first, second] += 1
        kappa = cohens_kappa(table) if len(case) == 2 else None
    assert agreement.alpha.value == (None if alpha is None else pytest.approx(alpha))
    assert agreement.assignment_alpha.value == (
        None if assignment is None else pytest.approx(assignment))
    if kappa is not None and not numpy.isnan(kappa.kappa):
        assert agreement.kappa.value == pytest.approx(kappa.kappa)
        if agreement.kappa.standard_error is not None:
            assert agreement.kappa.standard_error == pytest.approx(kappa.std_kappa)
            assert agreement.kappa.interval == pytest.approx((kappa.kappa_low, kappa.kappa_upp))
    elif kappa is not None:
        assert agreement.kappa.value is None


@settings(max_examples=30, deadline=None)
@given(collections())
def test_a_theory_agrees_with_itself(collection: Collection) -> None:
    agreement = agree(collection, collection, names=("ann", "bob"))
    assert agreement.disagreements() == []
    assert agreement.units == len(collection.configurations) * len(collection.excerpts)
    assert agreement.matching() == []  # everything matched by id
    for statistic in (agreement.kappa, agreement.alpha):
        assert statistic.value == 1.0 or statistic.reason is not None


@settings(max_examples=30, deadline=None)
@given(collections(), collections())
def test_any_two_theories_sharing_a_source_can_be_compared(first: Collection,
                                                           second: Collection) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CmoWarning)
        agreement = agree(first, second)
    table = agreement.table()
    assert len(table) == len(agreement.configurations)
    assert sum(row["disagreed"] for row in table) == len(agreement.disagreements())


def test_categories() -> None:
    assert CATEGORIES == ("supports", "refutes", "refines", "not cited")
