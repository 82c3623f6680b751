# Tests for core/toolcall (one itool_add_test line each).
