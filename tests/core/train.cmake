# Tests for core/train (one itool_add_test line each).

# preference losses
itool_add_test(tst_preference_loss)
itool_add_test(tst_preference_trainer)
