# Tests for core/data (one itool_add_test line each).
itool_add_test(tst_importers)
itool_add_test(tst_import_robustness)
itool_add_test(tst_export_roundtrip)
itool_add_test(tst_record_stats)
