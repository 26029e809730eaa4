"""The doctest output check: numbers at printed precision, nothing looser.

Unit cases for docs_tools.reader.output_checker, then two properties over every
recorded output of every snippet file: changing one digit of a number makes
the check fail, and a difference below the printed precision passes.
"""

from __future__ import annotations

import doctest
import re

import pytest

from docs_tools.pages import SNIPPETS
from docs_tools.reader.output_checker import VARIES, TensorOutputChecker, numbers_match

CHECK = TensorOutputChecker()


def passes(want: str, got: str, flags: int = 0) -> bool:
    return CHECK.check_output(want + "\n", got + "\n", flags)


@pytest.mark.parametrize(
    ("want", "got"),
    [
        ("tensor([[1.0000, 1.0000],\n        [1.0000, 1.0000]])", "tensor([[1., 1.],\n        [1., 1.]])"),
        ("tensor([[1., 1.],\n        [1., 1.]])", "tensor([[1.0000, 1.0000],\n        [1.0000, 1.0000]])"),
        ("tensor([ 2.7183, -0.5000])", "tensor([ 2.71828, -0.5])"),
        ("tensor(1.0000e-08)", "tensor(1.00004e-08)"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("(torch.Size([2, 3]), torch.float32)", "(torch.Size([2, 3]),  torch.float32)"),
    ],
)
def test_same_at_printed_precision(want, got):
    assert passes(want, got)


@pytest.mark.parametrize(
    ("want", "got", "what"),
    [
        ("tensor([2.7183])", "tensor([2.7184])", "a changed last digit"),
        ("tensor([1.4000])", "tensor([1.])", "a whole number is exact"),
        ("tensor([1, 2])", "tensor([1., 2.])", "int became float: a dtype change"),
        ("torch.Size([2, 3])", "torch.Size([3, 2])", "a changed shape"),
        ("tensor([1., 2.], dtype=torch.float64)", "tensor([1., 2.])", "a lost dtype"),
        ("tensor([1., 2.])", "tensor([1., 2., 3.])", "one more number"),
        ("test loss decreased", "test loss increased", "a changed word"),
        ("tensor(1.0000e-08)", "tensor(1.0001e-08)", "a changed digit in scientific notation"),
        ("1438", "1439", "integers are exact"),
    ],
)
def test_differences_that_fail(want, got, what):
    assert not passes(want, got), what


def test_numbers_match_is_symmetric_and_strict_at_the_boundary():
    assert numbers_match("2.7183", "2.71834") and numbers_match("2.71834", "2.7183")
    assert not numbers_match("2.7183", "2.7184") and not numbers_match("2.7184", "2.7183")


def test_varies_accepts_another_machine_and_nothing_else():
    assert passes("'2.14.1'", "'2.15.0+cu130'", VARIES)
    assert passes("CUDA available: False", "CUDA available: True", VARIES)
    assert passes("device(type='cpu')", "device(type='cuda')", VARIES)
    assert passes("tensor([2., 2.])", "tensor([2., 2.], device='cuda:0')", VARIES)
    assert not passes("device(type='cpu')", "Traceback (most recent call last):", VARIES)
    assert not passes("tensor([2., 2.])", "tensor([[2., 2.]])", VARIES)
    assert not passes("CUDA available: False", "", VARIES)


# --------------------------------------------------------------------------- every recorded output


def recorded_outputs():
    """(file, line, want) for every example with printed numbers in every snippet file."""
    parser = doctest.DocTestParser()
    for path in sorted(SNIPPETS.rglob("*.pycon")):
        for example in parser.get_examples(path.read_text(encoding="utf-8"), str(path)):
            if example.want and example.exc_msg is None and re.search(r"\d", example.want):
                yield path.relative_to(SNIPPETS).as_posix(), example.lineno + 1, example.want, example.options


OUTPUTS = list(recorded_outputs())
DIGIT = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\d+)(?:[eE][-+]?\d+)?(?![\w.])")


def flags_of(options) -> int:
    return sum(flag for flag, on in options.items() if on)


def test_there_are_outputs_to_check():
    assert len(OUTPUTS) > 500, len(OUTPUTS)


def test_one_changed_digit_fails_in_every_recorded_output():
    """Change the last digit of each printed number, one at a time: the check must fail every time."""
    missed = []
    for where, line, want, options in OUTPUTS:
        if options.get(VARIES):
            continue  # versions and devices: any value is accepted on purpose
        for number in DIGIT.finditer(want):
            mantissa_end = number.start() + len(re.split(r"[eE]", number[0])[0])
            digit_at = max(i for i in range(number.start(), mantissa_end) if want[i].isdigit())
            changed = want[:digit_at] + str((int(want[digit_at]) + 1) % 10) + want[digit_at + 1 :]
            if CHECK.check_output(changed, want, flags_of(options)):
                missed.append(f"{where}:{line}: {number[0]!r}")
    assert not missed, f"a changed digit still passed: {missed[:20]}"


def test_a_difference_below_printed_precision_passes_in_every_recorded_output():
    """Print every float with one more digit (a 4 after its last): the check must still pass."""
    failed = []
    for where, line, want, options in OUTPUTS:
        if options.get(VARIES):
            continue

        def finer(match: re.Match) -> str:
            mantissa = re.split(r"[eE]", match[0])[0]
            if "." not in mantissa or mantissa.endswith("."):
                return match[0]  # integers and torch's exact "1." stay as they are
            return mantissa + "4" + match[0][len(mantissa) :]

        got = DIGIT.sub(finer, want)
        if got != want and not CHECK.check_output(want, got, flags_of(options)):
            failed.append(f"{where}:{line}")
    assert not failed, f"a difference below the printed precision failed: {failed[:20]}"
