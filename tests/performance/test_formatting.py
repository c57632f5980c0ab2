import pytest

from data.performance.formatting import format_value


@pytest.mark.parametrize(("value", "unit", "decimals", "text"), [
    (8.66, "%", 2, "8.66%"), (1234567, "£", 0, "£1,234,567"), (44, "secs", 0, "44 secs"), (1234, "count", 0, "1,234"),
    (None, "%", 1, "–"), (float("nan"), "%", 1, "–"), (-2.5, "%", 1, "-2.5%"), (-1500, "£", 0, "-£1,500"),
    (0.7, "%", 2, "0.70%"), (-0.004, "%", 2, "0.00%"), (8.5, "days", 2, "8.50 days"), (3, None, 0, "3"),
])
def test_format_value(value, unit, decimals, text):
    assert format_value(value, unit, decimals) == text
