# Tests for core/model (one itool_add_test line each).
