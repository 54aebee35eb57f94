"""Labels: mechanisms show both halves, named mechanisms their name, titles their version."""

from __future__ import annotations

from cmo.models import Mechanism
from cmo.render.labels import element_label, mechanism_label, title_label


def test_mechanism_shows_each_half_it_has():
    both = mechanism_label(Mechanism(resource="Listening", reasoning="Trust"), wrap=20)
    assert both.index("RESOURCE") < both.index("Listening") < both.index("REASONING") \
        < both.index("Trust")
    assert "<hr/>" in both
    only_reasoning = mechanism_label(Mechanism(reasoning="Hope"), wrap=20)
    assert "REASONING" in only_reasoning and "RESOURCE" not in only_reasoning


def test_a_named_mechanism_is_headed_by_its_name():
    label = mechanism_label(Mechanism(label="Trust & <hope>", resource="Listening"), wrap=20)
    assert label.index("<b>Trust &amp; &lt;hope&gt;</b>") < label.index("RESOURCE")
    assert "<b>Listening</b>" not in mechanism_label(Mechanism(resource="Listening"), wrap=20)


def test_labels_are_complete_html_like_labels():
    for label in (element_label("A", wrap=10), mechanism_label(Mechanism(resource="R"), wrap=10),
                  title_label(None, version=None, configurations=0)):
        assert label.startswith("<") and label.endswith(">")


def test_title_names_the_theory_version_and_size():
    assert "Programme theory" in title_label(None, version=None, configurations=2)
    titled = title_label("Link <workers>", version="v2", configurations=2)
    assert "Link &lt;workers&gt;" in titled and "version v2 · 2 configurations" in titled
