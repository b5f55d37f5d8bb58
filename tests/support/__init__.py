"""Test support: real servers and fixtures shared by the test suites."""
