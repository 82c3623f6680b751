# Tests for core/train (one itool_add_test line each).
itool_add_test(tst_sft_trainer)

# preference losses
itool_add_test(tst_preference_loss)
itool_add_test(tst_sft_job)
itool_add_test(tst_preference_trainer)
