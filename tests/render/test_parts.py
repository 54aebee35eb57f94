"""The part of a theory a picture draws: chosen once, named as in the whole theory."""

from __future__ import annotations

import pytest

import cmo
from cmo.render import to_dot, to_mermaid, to_outline
from cmo.render.parts import drawn_part


class CountingTheory(cmo.ProgrammeTheory):
    """A programme theory that counts how often a part of it is chosen."""

    def __init__(self, collection) -> None:
        super().__init__(collection)
        self.filterings = 0

    def filtered(self, **chosen):
        self.filterings += 1
        return super().filtered(**chosen)


def test_a_part_keeps_the_numbers_of_the_whole(example_theory):
    part, names = drawn_part(example_theory, themes="Trust and hope")
    assert [c.id for c in part.configurations] == [
        c.id for c in example_theory.configurations if c.theme == "Trust and hope"]
    assert names == drawn_part(example_theory)[1]
    assert names["hope-through-trust"] == "CMOC 4"
    assert drawn_part(example_theory, labels="id")[1]["hope-through-trust"] == "hope-through-trust"


def test_nothing_chosen_is_the_whole_theory_unfiltered(example_theory):
    theory = CountingTheory(example_theory.collection)
    assert drawn_part(theory)[0] is theory
    assert theory.filterings == 0


@pytest.mark.parametrize("picture", [to_dot, to_mermaid, to_outline])
def test_every_picture_chooses_its_part_once(example_theory, picture):
    theory = CountingTheory(example_theory.collection)
    drawn = picture(theory, themes=["Trust and hope"])
    assert theory.filterings == 1
    assert _text(drawn) == _text(picture(example_theory, themes=["Trust and hope"]))


def _text(picture) -> str:
    """A picture's text: a diagram's DOT source, or the text itself."""
    return picture.source if hasattr(picture, "source") else picture
