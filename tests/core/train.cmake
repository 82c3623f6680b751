# Tests for core/train (one itool_add_test line each).
