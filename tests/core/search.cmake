# Tests for core/search (one itool_add_test line each).
itool_add_test(tst_mcts)
itool_add_test(tst_pair_extractor)
itool_add_test(tst_preference_store)
itool_add_test(tst_deficiency_selector)
itool_add_test(tst_round_loop)
itool_add_test(tst_decoder_policy)
itool_add_test(tst_run_warmup)
itool_add_test(tst_round_pairs)
