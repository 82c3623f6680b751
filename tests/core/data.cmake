# Tests for core/data (one itool_add_test line each).
itool_add_test(tst_importers)
itool_add_test(tst_import_robustness)
itool_add_test(tst_export_roundtrip)
itool_add_test(tst_record_stats)

# synthetic data and split
itool_add_test(tst_tool_catalog TIMEOUT 60)
itool_add_test(tst_request_generator TIMEOUT 60)
itool_add_test(tst_difficulty_split TIMEOUT 60)
itool_add_test(tst_generate_split_cli TIMEOUT 120)
add_dependencies(tst_generate_split_cli itool)
target_compile_definitions(tst_generate_split_cli PRIVATE ITOOL_EXE="$<TARGET_FILE:itool>")
