# Tests for core/data (one itool_add_test line each).
itool_add_test(tst_importers)
