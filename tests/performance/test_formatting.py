import pytest

from data.performance.formatting import format_value, shown_decimals


@pytest.mark.parametrize(("value", "unit", "decimals", "text"), [
    (8.66, "%", 2, "8.66%"), (1234567, "£", 0, "£1,234,567"), (44, "secs", 0, "44 secs"), (1234, "count", 0, "1,234"),
    (None, "%", 1, "–"), (float("nan"), "%", 1, "–"), (-2.5, "%", 1, "-2.5%"), (-1500, "£", 0, "-£1,500"),
    (0.7, "%", 2, "0.70%"), (-0.004, "%", 2, "0.00%"), (8.5, "days", 2, "8.50 days"), (3, None, 0, "3"),
])
def test_format_value(value, unit, decimals, text):
    assert format_value(value, unit, decimals) == text


@pytest.mark.parametrize(("value", "unit", "text"), [
    (3.1, None, "3.1"), (6.0, "days", "6 days"), (0.1 + 0.2, "%", "0.3%"), (1234.25, "£", "£1,234.25"),
    (8.665, "%", "8.665%"), (12, "count", "12"),
])
def test_format_value_without_decimals_shows_what_the_figure_has(value, unit, text):
    """Issue 10, item 3: with no decimals set, a figure is never rounded away (3.1 is not 3)."""
    assert format_value(value, unit, None) == text


@pytest.mark.parametrize(("decimals", "figures", "expected"), [
    (None, [{1: 6.1, 2: 6.0, 3: 5.3, 4: 5.0, 5: 4.8}], 1),   # 6.0 and 5.0 read 6.0 and 5.0 beside 6.1
    (None, [{1: 44, 2: 41}, {1: 40}], 0),
    (None, [{1: 12}, {1: 97.25}], 2),                          # a target's decimals count too
    (None, [{1: None, 2: float("nan")}], 0),
    (0, [{1: 3.1}], 0),                                          # the council set 0: its choice stands
    (2.0, [{1: 3.1}], 2),
    (float("nan"), [{1: 3.14}], 2),                              # unset, as pandas holds it
])
def test_shown_decimals(decimals, figures, expected):
    assert shown_decimals(decimals, *figures) == expected
