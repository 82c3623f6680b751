# Tests for the ui panes and models (one itool_add_test(... GUI) line each).
itool_add_test(tst_record_models GUI TIMEOUT 60)
itool_add_test(tst_split_board GUI TIMEOUT 60)
itool_add_test(tst_dataset_pane GUI TIMEOUT 60)
itool_add_test(tst_prediction_view GUI TIMEOUT 60)
# trees and pair curation
itool_add_test(tst_tree_pane GUI TIMEOUT 60)
itool_add_test(tst_pair_review GUI TIMEOUT 60)
# training, plots, decay, runs, report
itool_add_test(tst_training_pane GUI TIMEOUT 180)
itool_add_test(tst_run_report GUI TIMEOUT 60)
