"""The security tests' council (the demo plus one user per role), for the workbench's permission tests."""

from tests.security.test_security import council, council_file  # noqa: F401
