#pragma once
// What the processor offers that training precision depends on. Read from /proc/cpuinfo
// (Linux); elsewhere nothing is assumed.
#include <string_view>

namespace itool::train {

// True when the CPU computes bfloat16 natively (AVX512-BF16 or AMX-BF16). Without either,
// libtorch emulates bfloat16 and a "bf16" run is slower than float32, not faster.
bool cpuHasNativeBf16();

// The same decision on the text of a /proc/cpuinfo file (for tests).
bool cpuInfoHasNativeBf16(std::string_view cpuinfo);

} // namespace itool::train
