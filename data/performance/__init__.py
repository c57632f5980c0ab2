"""The performance rules: the financial-year calendar, status, assessment, roll-ups, forecasts, exceptions and how figures are written."""
