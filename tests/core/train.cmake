# Tests for core/train (one itool_add_test line each).
itool_add_test(tst_sft_trainer)
itool_add_test(tst_sft_job)

# preference losses
itool_add_test(tst_preference_loss)
itool_add_test(tst_preference_trainer)
