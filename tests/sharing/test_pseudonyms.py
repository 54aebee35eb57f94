"""Pseudonyms for participants, and finding participant ids in ids and text.

Every participant here is synthetic, made up for these tests.
"""

from __future__ import annotations

import hashlib
import hmac

import pytest

from cmo.sharing.pseudonyms import PSEUDONYM_LENGTH, ParticipantRenamer, pseudonyms

KEY = b"synthetic test key, 32 bytes ok!"


def test_pseudonyms_are_hmac_sha256_of_the_participant_id() -> None:
    digest = hmac.new(KEY, b"P07", hashlib.sha256).hexdigest()
    assert pseudonyms(["P07"], key=KEY) == {"P07": "P-" + digest[:PSEUDONYM_LENGTH]}


def test_colliding_pseudonyms_are_told_apart_deterministically() -> None:
    participants = [f"P{number:03}" for number in range(60)]
    # Two hex digits for 60 participants: collisions are certain, and must be resolved.
    names = pseudonyms(participants, key=KEY, length=2)
    assert len(set(names.values())) == len(participants)
    assert pseudonyms(reversed(participants), key=KEY, length=2) == names
    lengths = {len(name) for name in names.values()}
    assert 4 in lengths and max(lengths) > 4
    for participant, name in names.items():
        digest = hmac.new(KEY, participant.encode(), hashlib.sha256).hexdigest()
        assert digest.startswith(name.removeprefix("P-"))


def test_pseudonyms_of_the_docs_key_are_pinned() -> None:
    key = b"synthetic key for the docs only!"
    assert pseudonyms(["P07", "P12", "P07"], key=key) == {
        "P07": "P-1d2e4af8ae", "P12": "P-72cef1b6c3"}


@pytest.mark.parametrize(("written", "renamed"), [
    ("p07-interview-1", "P-1d2e4af8ae-interview-1"), ("P_07.q3", "P-1d2e4af8ae.q3"),
    ("P07", "P-1d2e4af8ae"), ("sp07", "sp07"), ("p070", "p070"),
    ("mrs-example-2", "P-mrs-2"),
])
def test_the_renamer_puts_pseudonyms_in_place_of_participant_ids_in_ids(
        written: str, renamed: str) -> None:
    key = b"synthetic key for the docs only!"
    renamer = ParticipantRenamer({**pseudonyms(["P07"], key=key), "Mrs Example": "P-mrs"})
    assert renamer.identifier(written) == renamed


def test_the_renamer_replaces_only_ids_of_three_characters_or_more_in_text() -> None:
    renamer = ParticipantRenamer({"P07": "P-aaaa", "A": "P-bbbb"})
    assert renamer.text("A note on p 07 by A.") == "A note on P-aaaa by A."
    assert renamer.identifier("a-1") == "P-bbbb-1"


def test_the_renamer_keeps_renamed_ids_apart_and_off_other_pseudonyms() -> None:
    renamer = ParticipantRenamer({"P07": "P-aaaa"})
    assert renamer.identifiers(["p07-a", "P07-a", "p07", "P-aaaa", "s1"]) == {
        "P-aaaa": "P-aaaa-2", "P07-a": "P-aaaa-a", "p07": "P-aaaa-3", "p07-a": "P-aaaa-a-2",
        "s1": "s1"}
