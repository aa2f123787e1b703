"""Test support shared by every app: personas, builders, browser helpers."""
