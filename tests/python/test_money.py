"""Money: exact minor units, checked arithmetic, rounding modes, allocation and pickling."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from ticketcore import Money, RoundingMode, TicketcoreError, ValidationError

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

int64s = st.integers(min_value=INT64_MIN, max_value=INT64_MAX)
amounts = st.integers(min_value=-(10**15), max_value=10**15)
currencies = st.sampled_from(["DKK", "EUR", "JPY", "KWD"])


def expect_validation(code: str) -> pytest.RaisesExc[ValidationError]:
    return pytest.raises(ValidationError, check=lambda error: error.code == code)


# --- construction ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "minor", "text"),
    [
        (Decimal("250.00"), 25000, "250.00"),
        (Decimal("250"), 25000, "250.00"),
        (Decimal("0.5"), 50, "0.50"),
        (Decimal("1E+2"), 10000, "100.00"),
        (Decimal("-0.05"), -5, "-0.05"),
        (250, 25000, "250.00"),
        (0, 0, "0.00"),
        (-3, -300, "-3.00"),
        ("250.00", 25000, "250.00"),
        ("250.5", 25050, "250.50"),
        ("+1", 100, "1.00"),
        ("5.", 500, "5.00"),
        (".5", 50, "0.50"),
        ("1.500", 150, "1.50"),  # trailing zeros beyond the exponent are harmless
        ("-0.00", 0, "0.00"),
    ],
)
def test_construction_is_exact(amount: Decimal | int | str, minor: int, text: str) -> None:
    money = Money(amount, "DKK")
    assert money.minor == minor
    assert money.currency == "DKK"
    assert money.exponent == 2
    assert str(money) == f"{text} DKK"
    assert money.amount == Decimal(text)
    assert str(money.amount) == text


@pytest.mark.parametrize("amount", [2.5, 0.0, float("nan"), True, False])
def test_float_and_bool_amounts_are_type_errors(amount: object) -> None:
    with pytest.raises(TypeError):
        Money(amount, "DKK")  # type: ignore[arg-type]


@pytest.mark.parametrize("amount", [b"1", None, [1], Fraction(1, 2)])
def test_other_amount_types_are_type_errors(amount: object) -> None:
    with pytest.raises(TypeError):
        Money(amount, "DKK")  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["XXX", "dkk", "", "DKKK", "US"])
def test_unknown_currency(currency: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money("1", currency)
    assert caught.value.code == "unknown_currency"
    assert str(caught.value) == f"Unknown currency: '{currency}'"
    for factory in (lambda: Money.zero(currency), lambda: Money.from_minor(1, currency)):
        with expect_validation("unknown_currency"):
            factory()


def test_currency_must_be_a_str() -> None:
    with pytest.raises(TypeError):
        Money("1", 5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("1.505", "DKK"), (Decimal("0.001"), "EUR"), ("1.5", "JPY"), ("0.0001", "KWD"), (Decimal("1E-10"), "DKK")],
)
def test_too_many_decimals(amount: str | Decimal, currency: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money(amount, currency)
    assert caught.value.code == "too_many_decimals"


def test_too_many_decimals_message() -> None:
    with pytest.raises(ValidationError, match=r"^Amount '1\.505' has more decimal places than DKK allows \(2\)$"):
        Money("1.505", "DKK")


@pytest.mark.parametrize("amount", ["", " 1", "1 ", "1e3", "1,50", "abc", "-", ".", "1.2.3", "--1", "0x10", "١"])
def test_malformed_strings(amount: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money(amount, "DKK")
    assert caught.value.code == "invalid_amount"


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_decimals(amount: Decimal) -> None:
    with expect_validation("invalid_amount"):
        Money(amount, "DKK")


@pytest.mark.parametrize("amount", [10**17, "92233720368547758.08", -(10**17), Decimal("1E+30")])
def test_amounts_beyond_int64_minor_units_overflow(amount: int | str | Decimal) -> None:
    with expect_validation("money_overflow"):
        Money(amount, "DKK")


def test_largest_amounts_are_exact() -> None:
    assert Money("92233720368547758.07", "DKK").minor == INT64_MAX
    assert Money("-92233720368547758.08", "DKK").minor == INT64_MIN
    assert str(Money.from_minor(INT64_MIN, "DKK")) == "-92233720368547758.08 DKK"


def test_from_minor_and_zero() -> None:
    assert Money.from_minor(25000, "DKK") == Money("250.00", "DKK")
    assert Money.zero("KWD") == Money("0", "KWD")
    assert repr(Money.zero("KWD")) == "Money('0.000', 'KWD')"
    with expect_validation("number_out_of_range"):
        Money.from_minor(2**63, "DKK")
    with expect_validation("number_out_of_range"):
        Money.from_minor(2**70, "DKK")
    with pytest.raises(TypeError):
        Money.from_minor(1.0, "DKK")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money.from_minor(True, "DKK")


# --- representation ------------------------------------------------------------------------------


def test_repr_and_str() -> None:
    assert repr(Money("250", "DKK")) == "Money('250.00', 'DKK')"
    assert repr(Money(Decimal("-0.05"), "EUR")) == "Money('-0.05', 'EUR')"
    assert str(Money("250", "DKK")) == "250.00 DKK"
    assert repr(Money(1000, "JPY")) == "Money('1000', 'JPY')"
    assert str(Money("2.5", "KWD")) == "2.500 KWD"


def test_repr_round_trips() -> None:
    money = Money("-12.34", "EUR")
    assert eval(repr(money), {"Money": Money}) == money  # noqa: S307 - our own repr


def test_amount_is_an_exact_decimal() -> None:
    money = Money("0.10", "DKK") + Money("0.20", "DKK")
    assert money.amount == Decimal("0.30")
    assert isinstance(money.amount, Decimal)
    assert money.amount.as_tuple().exponent == -2
    assert Money(1000, "JPY").amount.as_tuple().exponent == 0
    assert Money("1.234", "KWD").amount == Decimal("1.234")


@pytest.mark.parametrize(("currency", "exponent", "minor"), [("JPY", 0, 1000), ("KRW", 0, 1000), ("KWD", 3, 1000000)])
def test_exponents(currency: str, exponent: int, minor: int) -> None:
    money = Money(1000, currency)
    assert money.exponent == exponent
    assert money.minor == minor


def test_jpy_has_no_minor_units() -> None:
    yen = Money("1500", "JPY")
    assert yen.minor == 1500
    assert str(yen) == "1500 JPY"
    assert Money("100.0", "JPY").minor == 100
    assert yen.percent(333) == Money(50, "JPY")  # 49.95 -> 50
    assert yen.split(4) == [Money(375, "JPY")] * 4


def test_kwd_has_three_decimals() -> None:
    dinar = Money("1.001", "KWD")
    assert dinar.minor == 1001
    assert str(dinar) == "1.001 KWD"
    assert dinar.split(2) == [Money("0.501", "KWD"), Money("0.500", "KWD")]


# --- equality, hashing, ordering -------------------------------------------------------------------


def test_equality_and_hash() -> None:
    a = Money("250", "DKK")
    b = Money(Decimal("250.00"), "DKK")
    assert a == b
    assert hash(a) == hash(b)
    assert len({a, b, Money.from_minor(25000, "DKK")}) == 1
    assert a != Money("250", "EUR")
    assert Money.zero("DKK") != Money.zero("EUR")
    assert a != Money("250.01", "DKK")
    assert a != 25000
    assert a != "250.00 DKK"
    assert {a: "x"}[Money.from_minor(25000, "DKK")] == "x"


def test_ordering_within_a_currency() -> None:
    low, high = Money("1.00", "DKK"), Money("1.01", "DKK")
    assert low < high and low <= high and high > low and high >= low
    assert low <= Money("1", "DKK") and low >= Money("1", "DKK")
    assert not high < low
    assert sorted([high, Money("-5", "DKK"), low]) == [Money("-5", "DKK"), low, high]
    assert max(low, high) == high


@pytest.mark.parametrize("compare", ["<", "<=", ">", ">="])
def test_ordering_across_currencies_is_refused(compare: str) -> None:
    with pytest.raises(ValidationError) as caught:
        eval(f"a {compare} b", {"a": Money("1", "DKK"), "b": Money("1", "EUR")})  # noqa: S307
    assert caught.value.code == "currency_mismatch"
    assert str(caught.value) == "Cannot combine DKK and EUR"


def test_ordering_against_non_money_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        Money("1", "DKK") < 1  # type: ignore[operator]  # noqa: B015


# --- arithmetic ------------------------------------------------------------------------------------


def test_addition_subtraction_negation() -> None:
    a, b = Money("250.00", "DKK"), Money("0.05", "DKK")
    assert a + b == Money("250.05", "DKK")
    assert a - b == Money("249.95", "DKK")
    assert b - a == Money("-249.95", "DKK")
    assert -a == Money("-250", "DKK")
    assert -(-a) == a


@pytest.mark.parametrize("operation", ["+", "-"])
def test_mixed_currency_arithmetic_is_refused(operation: str) -> None:
    with pytest.raises(ValidationError) as caught:
        eval(f"a {operation} b", {"a": Money("1", "DKK"), "b": Money("1", "EUR")})  # noqa: S307
    assert caught.value.code == "currency_mismatch"


def test_multiplication_by_int() -> None:
    price = Money("250.00", "DKK")
    assert price * 3 == Money("750.00", "DKK")
    assert 3 * price == Money("750.00", "DKK")
    assert price * 0 == Money.zero("DKK")
    assert price * -2 == Money("-500", "DKK")


@pytest.mark.parametrize("other", [Money("2", "DKK"), 1.5, True, "2", Decimal("2")])
def test_multiplication_by_anything_but_int_is_a_type_error(other: object) -> None:
    price = Money("1", "DKK")
    with pytest.raises(TypeError):
        price * other  # type: ignore[operator]
    with pytest.raises(TypeError):
        other * price  # type: ignore[operator]


@pytest.mark.parametrize("other", [1, 0, 1.5, Decimal("1"), "1"])
def test_adding_non_money_is_a_type_error(other: object) -> None:
    price = Money("1", "DKK")
    with pytest.raises(TypeError):
        price + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        price - other  # type: ignore[operator]
    with pytest.raises(TypeError):
        other + price  # type: ignore[operator]


def test_overflow_is_a_validation_error() -> None:
    top = Money.from_minor(INT64_MAX, "DKK")
    bottom = Money.from_minor(INT64_MIN, "DKK")
    one = Money.from_minor(1, "DKK")
    for operation in (lambda: top + one, lambda: bottom - one, lambda: -bottom, lambda: top * 2, lambda: 2 * bottom):
        with pytest.raises(ValidationError) as caught:
            operation()
        assert caught.value.code == "money_overflow"
        assert str(caught.value) == "Money amount is out of range"
    assert top - one == Money.from_minor(INT64_MAX - 1, "DKK")
    assert -top == Money.from_minor(-INT64_MAX, "DKK")


def test_huge_quantity_is_out_of_range() -> None:
    with expect_validation("number_out_of_range"):
        Money("1", "DKK") * 2**70


def test_errors_are_ticketcore_errors_and_value_errors() -> None:
    with pytest.raises(ValueError):
        Money("1.001", "DKK")
    with pytest.raises(TicketcoreError):
        Money("1", "DKK") + Money("1", "EUR")


# --- percentages and VAT ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "basis_points", "half_up", "half_even"),
    [
        (5, 5000, 3, 2),  # 2.5 -> 3 / 2
        (15, 5000, 8, 8),  # 7.5 -> 8 / 8
        (-5, 5000, -3, -2),  # ties on negative amounts go away from zero / to even
        (1020, 250, 26, 26),  # 25.5
        (1060, 250, 27, 26),  # 26.5
        (1010, 250, 25, 25),  # 25.25, not a tie
        (1030, 250, 26, 26),  # 25.75, not a tie
        (25000, 0, 0, 0),
        (25000, 10000, 25000, 25000),
    ],
)
def test_percent_rounding_modes(minor: int, basis_points: int, half_up: int, half_even: int) -> None:
    money = Money.from_minor(minor, "DKK")
    assert money.percent(basis_points) == Money.from_minor(half_up, "DKK")  # HALF_UP is the default
    assert money.percent(basis_points, RoundingMode.HALF_UP) == Money.from_minor(half_up, "DKK")
    assert money.percent(basis_points, RoundingMode.HALF_EVEN) == Money.from_minor(half_even, "DKK")


def test_percent_keeps_the_currency_and_checks_range() -> None:
    assert Money("100", "KWD").percent(1) == Money("0.010", "KWD")
    with expect_validation("money_overflow"):
        Money.from_minor(INT64_MAX, "DKK").percent(20000)
    with expect_validation("number_out_of_range"):
        Money("1", "DKK").percent(2**64)
    with pytest.raises(TypeError):
        Money("1", "DKK").percent(2.5)  # type: ignore[arg-type]


def test_included_vat() -> None:
    assert Money("125.00", "DKK").included_vat(2500) == Money("25.00", "DKK")
    assert Money("250.00", "DKK").included_vat(2500) == Money("50.00", "DKK")
    assert Money("100.00", "DKK").included_vat(0) == Money.zero("DKK")
    # 0.10 * 2500 / 12500 = 0.02 exactly; 0.05 * 2500/12500 = 1 øre exactly
    assert Money("0.05", "DKK").included_vat(2500) == Money("0.01", "DKK")
    # 2.5 øre ties: gross 0.15 at 2000 bps -> 15 * 2000 / 12000 = 2.5
    assert Money("0.15", "DKK").included_vat(2000, RoundingMode.HALF_UP) == Money("0.03", "DKK")
    assert Money("0.15", "DKK").included_vat(2000, RoundingMode.HALF_EVEN) == Money("0.02", "DKK")
    with pytest.raises(ValidationError) as caught:
        Money("1", "DKK").included_vat(-1)
    assert caught.value.code == "invalid_rate"


# --- allocation ------------------------------------------------------------------------------------


def test_allocate_and_split_examples() -> None:
    assert Money("1.00", "DKK").split(3) == [Money("0.34", "DKK"), Money("0.33", "DKK"), Money("0.33", "DKK")]
    assert Money("-1.00", "DKK").split(3) == [Money("-0.34", "DKK"), Money("-0.33", "DKK"), Money("-0.33", "DKK")]
    assert Money("100", "DKK").allocate([70, 30]) == [Money("70", "DKK"), Money("30", "DKK")]
    assert Money("0.05", "DKK").allocate([1, 0, 1]) == [Money("0.03", "DKK"), Money.zero("DKK"), Money("0.02", "DKK")]
    assert Money("1.00", "DKK").split(1) == [Money("1.00", "DKK")]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([], "Allocation needs at least one weight"),
        ([0, 0], "Allocation weights cannot all be zero"),
        ([1, -1], "Allocation weights cannot be negative"),
    ],
)
def test_allocate_rejects_bad_weights(weights: list[int], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Money("1", "DKK").allocate(weights)
    assert caught.value.code == "invalid_allocation"
    assert str(caught.value) == message


def test_allocate_rejects_wrong_weight_types() -> None:
    with pytest.raises(TypeError):
        Money("1", "DKK").allocate([1.5, 1])  # type: ignore[list-item]
    with expect_validation("number_out_of_range"):
        Money("1", "DKK").allocate([2**70, 1])


@pytest.mark.parametrize("parts", [0, -1, 1_000_001])
def test_split_rejects_bad_part_counts(parts: int) -> None:
    with expect_validation("invalid_allocation"):
        Money("1", "DKK").split(parts)


# --- pickling and copying --------------------------------------------------------------------------


@pytest.mark.parametrize("money", [Money("250", "DKK"), Money("-0.001", "KWD"), Money(7, "JPY")])
def test_pickle_and_copy(money: Money) -> None:
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        restored = pickle.loads(pickle.dumps(money, protocol))
        assert restored == money
        assert repr(restored) == repr(money)
        assert hash(restored) == hash(money)
    assert copy.copy(money) == money
    assert copy.deepcopy(money) == money


PICKLE_OLD_PROTOCOL = """
import pickle, sys
from ticketcore import Actor, Money
value = {"money": Money("250.00", "DKK"), "actor": Actor("anna", "org", {"events:read"})}[sys.argv[2]]
restored = pickle.loads(pickle.dumps(value, int(sys.argv[1])))
assert restored == value, restored
print("ok")
"""


@pytest.mark.parametrize("kind", ["money", "actor"])
@pytest.mark.parametrize("protocol", [0, 1])
def test_pickle_with_old_protocols_does_not_crash(protocol: int, kind: str) -> None:
    # In a child process: the failure mode is an abort of the whole interpreter.
    result = subprocess.run(
        [sys.executable, "-c", PICKLE_OLD_PROTOCOL, str(protocol), kind], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n"


# --- properties --------------------------------------------------------------------------------------


def round_fraction(value: Fraction, mode: RoundingMode) -> int:
    """Rounds to an integer: ties away from zero (HALF_UP) or to the even neighbour."""
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    floor = magnitude.numerator // magnitude.denominator
    rest = magnitude - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and (mode is RoundingMode.HALF_UP or floor % 2 == 1)):
        floor += 1
    return sign * floor


@given(minor=amounts, weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12))
def test_allocate_parts_sum_to_the_total_and_stay_within_one_unit(minor: int, weights: list[int]) -> None:
    assume(sum(weights) > 0)
    total = Money.from_minor(minor, "DKK")
    parts = total.allocate(weights)
    assert len(parts) == len(weights)
    assert sum(part.minor for part in parts) == minor
    assert all(part.currency == "DKK" for part in parts)
    for part, weight in zip(parts, weights, strict=True):
        exact = Fraction(minor * weight, sum(weights))
        assert abs(part.minor - exact) < 1


@given(minor=amounts, parts=st.integers(min_value=1, max_value=200), currency=currencies)
def test_split_parts_differ_by_at_most_one(minor: int, parts: int, currency: str) -> None:
    pieces = Money.from_minor(minor, currency).split(parts)
    assert len(pieces) == parts
    assert sum(piece.minor for piece in pieces) == minor
    values = [piece.minor for piece in pieces]
    assert max(values) - min(values) <= 1


@given(
    minor=int64s,
    basis_points=st.integers(min_value=-20000, max_value=20000),
    mode=st.sampled_from([RoundingMode.HALF_UP, RoundingMode.HALF_EVEN]),
)
def test_percent_matches_exact_fraction_arithmetic(minor: int, basis_points: int, mode: RoundingMode) -> None:
    expected = round_fraction(Fraction(minor * basis_points, 10000), mode)
    money = Money.from_minor(minor, "EUR")
    if INT64_MIN <= expected <= INT64_MAX:
        assert money.percent(basis_points, mode) == Money.from_minor(expected, "EUR")
    else:
        with expect_validation("money_overflow"):
            money.percent(basis_points, mode)


@given(
    minor=st.integers(min_value=-(10**12), max_value=10**12),
    basis_points=st.integers(min_value=0, max_value=10000),
    mode=st.sampled_from([RoundingMode.HALF_UP, RoundingMode.HALF_EVEN]),
)
def test_included_vat_matches_exact_fraction_arithmetic(minor: int, basis_points: int, mode: RoundingMode) -> None:
    expected = round_fraction(Fraction(minor * basis_points, 10000 + basis_points), mode)
    assert Money.from_minor(minor, "DKK").included_vat(basis_points, mode).minor == expected


@given(a=int64s, b=int64s)
def test_addition_and_subtraction_never_wrap(a: int, b: int) -> None:
    left, right = Money.from_minor(a, "DKK"), Money.from_minor(b, "DKK")
    for exact, operation in ((a + b, lambda: left + right), (a - b, lambda: left - right)):
        if INT64_MIN <= exact <= INT64_MAX:
            assert operation().minor == exact
        else:
            with expect_validation("money_overflow"):
                operation()


@given(a=int64s, quantity=st.integers(min_value=-(2**40), max_value=2**40))
def test_multiplication_never_wraps(a: int, quantity: int) -> None:
    money = Money.from_minor(a, "DKK")
    exact = a * quantity
    if INT64_MIN <= exact <= INT64_MAX:
        assert (money * quantity).minor == exact
        assert (quantity * money).minor == exact
    else:
        with expect_validation("money_overflow"):
            money * quantity


@given(minor=int64s, currency=currencies)
def test_text_round_trip(minor: int, currency: str) -> None:
    money = Money.from_minor(minor, currency)
    assert Money(money.amount, currency) == money
    assert Money(str(money.amount), currency) == money
    assert pickle.loads(pickle.dumps(money)) == money
