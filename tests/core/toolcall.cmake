# Tests for core/toolcall (one itool_add_test line each).
itool_add_test(tst_call_parser)
itool_add_test(tst_checker_gold)
itool_add_test(tst_bfcl_checker)
itool_add_test(tst_parser_fuzz TIMEOUT 120)
