"""Mutation fuzzing of the readers: broken copies of good files, and the one check they pass.

Every reader is fed seeded mutants of a valid file built in code (cut short, bit-flipped,
a token swapped for an odd one; format modules add mutations of their own, such as a flip
inside a ZIP entry) through the command line, in-process. Each must end with exit 0 (read)
or 1 (one message naming the file), never a traceback, within seconds, and a refused input
writes nothing. A failure names the seed, so it can be replayed.
"""

from __future__ import annotations

import random
import re
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from click.testing import CliRunner

from cmo.cli import cli

__all__ = ["ODDITIES", "Mutation", "exits_cleanly", "flipped", "mutants", "swapping",
           "truncated"]

#: A mutation: broken bytes from good ones, drawn with the generator given.
Mutation = Callable[[bytes, random.Random], bytes]

#: Odd things to put where a token was: what breaks parsers (brackets, quotes, escapes,
#: tags, huge numbers, control and non-characters, formulas, other formats' markers).
ODDITIES: Final = ("", " ", "{", "}", "[", "]", '"', "'", "\\", ":", ";", ",", "\n", "\r\n\r\n",
                   "&", "%", "@", "*x", "&x ", "!!python/object:os.system ", "<<", "---", "- x",
                   "\x00", "\ufeff", "\ufffe", "\u2028", "9" * 5000, "1e999999", "-1", "=1+1",
                   "null", "🙂", "&amp;", "<t>", "^^xsd:date", "_:b", "@context", "\\u0000",
                   "\udcff")
#: Seconds one command on a mutant of a few kilobytes may take.
SECONDS: Final = 5.0


def truncated(data: bytes, rng: random.Random) -> bytes:
    """``data`` cut short at a random point."""
    return data[:rng.randrange(len(data))]


def flipped(data: bytes, rng: random.Random, start: int = 0, end: int | None = None) -> bytes:
    """``data`` with one to eight bits flipped between ``start`` and ``end``."""
    mutable = bytearray(data)
    end = len(data) if end is None else end
    for _ in range(rng.randint(1, 8)):
        mutable[rng.randrange(start, end)] ^= 1 << rng.randrange(8)
    return bytes(mutable)


def swapping(oddities: Sequence[str] = ODDITIES, *, most: int = 4) -> Mutation:
    """A mutation of text: one to ``most`` words or punctuation marks swapped for oddities."""

    def swapped(data: bytes, rng: random.Random) -> bytes:
        text = data.decode("utf-8", "replace")
        for _ in range(rng.randint(1, most)):
            token = rng.choice(list(re.finditer(r"\w+|[^\w\s]", text)) or [re.match("", text)])
            text = text[:token.start()] + rng.choice(oddities) + text[token.end():]
        return text.encode("utf-8", "surrogatepass")

    return swapped


def mutants(data: bytes, seed: int | str, mutations: Sequence[Mutation],
            count: int) -> list[tuple[str, bytes]]:
    """``count`` mutants of ``data``, taking ``mutations`` in turn: ``(name, bytes)``."""
    rng = random.Random(seed)
    chosen = [mutations[number % len(mutations)] for number in range(count)]
    return [(f"seed {seed!r}, mutant {number} ({getattr(mutation, '__name__', 'mutation')})",
             mutation(data, rng)) for number, mutation in enumerate(chosen)]


def exits_cleanly(arguments: list[str], *, named: Path | None = None,
                  written: Path | None = None, case: str = "") -> int:
    """Run ``cmo ARGUMENTS``: assert it ends with 0 or 1, never a traceback; its exit code.

    Args:
        named: the input a refusal must name first (``Error: PATH: ...``).
        written: the output a refusal must not have written.
        case: what to call the run in a failure (the mutant's seed).
    """
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = CliRunner().invoke(cli, arguments)
    took = time.perf_counter() - started
    where = f"{case}: cmo {' '.join(arguments)}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{where}: {type(result.exception).__name__}: {result.exception}")
    assert result.exit_code in (0, 1), f"{where}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output, f"{where}\n{result.output}"
    assert took < SECONDS, f"{where}: took {took:.1f} s"
    if result.exit_code == 1:
        expected = f"Error: {named}" if named is not None else "Error: "
        assert result.output.startswith(expected), f"{where}\n{result.output}"
        assert written is None or not written.exists(), f"{where}: wrote {written}"
    return result.exit_code
