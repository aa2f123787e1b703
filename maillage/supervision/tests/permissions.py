"""The supervision URLs in the permission matrix (maillage/core/tests/test_permission_matrix.py)."""

MATRIX = {}
