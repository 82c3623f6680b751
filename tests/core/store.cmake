# Tests for core/store (one itool_add_test line each).
itool_add_test(tst_workspace_store TIMEOUT 60)
# The records index the workbench's tables are views over (core/data/record_index).
itool_add_test(tst_record_index TIMEOUT 60)
# pair curation store and export
itool_add_test(tst_pair_curation_store TIMEOUT 90)
itool_add_test(tst_pair_export TIMEOUT 60)
