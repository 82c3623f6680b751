# Tests for core/store (one itool_add_test line each).
