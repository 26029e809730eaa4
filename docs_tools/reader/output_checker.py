"""How a doctest's printed output is compared with the output recorded on the page.

CPUs differ in their last bits: math libraries (MKL, SLEEF) and vector units
round ``log(exp(1))`` to exactly 1 on one machine and to 0.99999994 on another,
and torch prints ``tensor([1., 1.])`` there and ``tensor([1.0000, 1.0000])``
here. :class:`TensorOutputChecker` compares such outputs as a reader reads
them: number by number, at the precision each was printed with.

- Text between the numbers (words, brackets, ``dtype=...``, shapes) must be the
  same, whitespace aside (torch pads columns to the widest number).
- Integers must be equal, and an integer never matches a float (``1`` is not
  ``1.``: that is a dtype change).
- Two floats match when the intervals their printed digits stand for overlap:
  ``2.7183`` stands for [2.71825, 2.71835], so ``2.7183`` matches ``2.71828``
  but not ``2.7184`` (the intervals only touch). A float printed without
  digits after its point (torch's ``1.``, when every element is a whole number)
  is exact. Decimal arithmetic, so no rounding of our own gets in the way.

Hidden option flag ``VARIES`` (written ``# doctest: +VARIES``; the build removes
every ``# doctest:`` comment from what readers see): the output truly depends on
the reader's machine (a version, whether CUDA is there, the device). Every word
and number may differ, the punctuation around them must not, and an extra
``, device='...'`` is accepted. The page says in words what may differ.
"""

from __future__ import annotations

import doctest
import re
from decimal import Decimal

from sybil.evaluators.doctest import DocTestEvaluator, DocTestRunner, OutputChecker
from sybil.parsers.abstract import DocTestStringParser

VARIES = doctest.register_optionflag("VARIES")

# A number as Python and torch print them: 3, -2, 1., 2.7183, 1.0000e-08, nan, inf.
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+|\.\d+|\d+)(?![\w.])")
_WHITESPACE = re.compile(r"\s+")
_WORD_OR_NUMBER = re.compile(r"[\w.+-]+")
_DEVICE_SUFFIX = r"(?:,\s*device='[^']*')?"


def _split(text: str) -> tuple[list[str], list[str]]:
    """(texts between the numbers, whitespace removed; the numbers), in order."""
    numbers = _NUMBER.findall(text)
    texts = [_WHITESPACE.sub("", part) for part in _NUMBER.split(text)]
    return texts, numbers


def _interval(number: str) -> tuple[Decimal, Decimal, bool]:
    """(value, half of the last printed digit's unit, is a float) of a printed number."""
    value = Decimal(number)
    mantissa = re.split(r"[eE]", number)[0]
    if "." not in mantissa and not re.search(r"[eE]", number):
        return value, Decimal(0), False
    digits = len(mantissa.split(".")[1]) if "." in mantissa else 0
    if digits == 0:
        return value, Decimal(0), True  # torch's "1.": a whole number, exactly
    exponent = int(re.split(r"[eE]", number)[1]) if re.search(r"[eE]", number) else 0
    return value, Decimal(5) * Decimal(10) ** (exponent - digits - 1), True


def numbers_match(want: str, got: str) -> bool:
    """Whether two printed numbers can stand for the same value (see the module's docstring)."""
    want_value, want_half, want_float = _interval(want)
    got_value, got_half, got_float = _interval(got)
    if want_float != got_float:
        return False
    if not want_float:
        return want_value == got_value
    difference = abs(want_value - got_value)
    return difference == 0 or difference < want_half + got_half


def same_at_printed_precision(want: str, got: str) -> bool:
    want_texts, want_numbers = _split(want)
    got_texts, got_numbers = _split(got)
    return (
        want_texts == got_texts
        and len(want_numbers) == len(got_numbers)
        and all(numbers_match(w, g) for w, g in zip(want_numbers, got_numbers))
    )


def varies_pattern(want: str) -> re.Pattern:
    """The outputs a +VARIES example accepts: any words and numbers in the same punctuation."""
    parts = []
    for piece in re.split(r"(\s+|[\w.+-]+)", want.strip()):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s+")
        elif _WORD_OR_NUMBER.fullmatch(piece):
            parts.append(r"[\w.+:-]+")
        else:
            parts.append(re.escape(piece).replace(r"\)", _DEVICE_SUFFIX + r"\)"))
    return re.compile(r"\s*" + "".join(parts) + r"\s*", re.S)


class TensorOutputChecker(OutputChecker):
    """Sybil's checker, plus numbers at printed precision and the hidden VARIES flag."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if optionflags & VARIES:
            return bool(want.strip()) and varies_pattern(want).fullmatch(got) is not None
        if super().check_output(want, got, optionflags):
            return True
        return same_at_printed_precision(want, got)


class _Runner(DocTestRunner):
    """Sybil's runner (its failure reports) with our checker."""

    def __init__(self, optionflags: int) -> None:
        report_flags = doctest.set_unittest_reportflags(0)
        doctest.set_unittest_reportflags(report_flags)  # read, not changed
        doctest.DocTestRunner.__init__(
            self, verbose=False, optionflags=optionflags | report_flags, checker=TensorOutputChecker()
        )


class TensorDocTestEvaluator(DocTestEvaluator):
    """Sybil's doctest evaluator with :class:`TensorOutputChecker` as its checker."""

    def __init__(self, optionflags: int = 0) -> None:
        self.runner = _Runner(optionflags)


class TensorDocTestParser:
    """A Sybil parser for doctest sessions (whole files) checked by :class:`TensorOutputChecker`."""

    def __init__(self) -> None:
        self.string_parser = DocTestStringParser(TensorDocTestEvaluator())

    def __call__(self, document):
        return self.string_parser(document.text, document.path)
