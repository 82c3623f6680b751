# Tests for the ui panes and models (one itool_add_test(... GUI) line each).
