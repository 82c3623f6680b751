# Tests for core/data (one itool_add_test line each).
