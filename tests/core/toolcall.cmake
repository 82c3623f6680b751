# Tests for core/toolcall (one itool_add_test line each).
itool_add_test(tst_call_parser)
itool_add_test(tst_checker_gold)
