// CPU feature checks (see cpu_features.h).
#include "core/train/cpu_features.h"

#include <fstream>
#include <sstream>
#include <string>

namespace itool::train {

bool cpuInfoHasNativeBf16(std::string_view cpuinfo)
{
    std::istringstream lines{std::string(cpuinfo)};
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("flags", 0) != 0)
            continue;
        // Whole words only: "avx512_bf16" and "amx_bf16" among the space-separated flags.
        const auto colon = line.find(':');
        std::istringstream words(colon == std::string::npos ? std::string() : line.substr(colon + 1));
        std::string flag;
        while (words >> flag)
            if (flag == "avx512_bf16" || flag == "amx_bf16")
                return true;
        return false; // every core lists the same flags; the first line decides
    }
    return false;
}

bool cpuHasNativeBf16()
{
    static const bool has = [] {
        std::ifstream in("/proc/cpuinfo");
        if (!in)
            return false;
        std::ostringstream text;
        text << in.rdbuf();
        return cpuInfoHasNativeBf16(text.str());
    }();
    return has;
}

} // namespace itool::train
