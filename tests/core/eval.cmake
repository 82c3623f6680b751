# Tests for core/eval and the decay experiment (one itool_add_test line each).
itool_add_test(tst_decay_experiment)
itool_add_test(tst_decay_summary)
itool_add_test(tst_accuracy_statistics)
