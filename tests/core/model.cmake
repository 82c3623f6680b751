# Tests for core/model (one itool_add_test line each).

# tokenizer and chat template
itool_add_test(tst_bpe_tokenizer TIMEOUT 120)
itool_add_test(tst_chat_template TIMEOUT 60)

# transformer and decoding
itool_add_test(tst_safetensors)
itool_add_test(tst_golden_logits)
itool_add_test(tst_decoder)
