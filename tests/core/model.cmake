# Tests for core/model (one itool_add_test line each).

# transformer and decoding
itool_add_test(tst_safetensors)
itool_add_test(tst_golden_logits)
itool_add_test(tst_decoder)
