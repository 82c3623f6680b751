#pragma once
// How many cores this process may run on: the size of its CPU affinity mask, which container
// cpusets and `taskset` narrow. std::thread::hardware_concurrency counts every online core of
// the host instead, so a pool sized by it oversubscribes a container that was given 2 of 64.
// What it is not: a reading of CPU quotas (cgroup cpu.max), which leave the mask unchanged.
#include <thread>

#ifdef __linux__
#include <sched.h>
#endif

namespace itool {

// At least 1. Reads the calling thread's mask (threads inherit their creator's).
inline unsigned usableCores()
{
#ifdef __linux__
    cpu_set_t mask;
    CPU_ZERO(&mask);
    if (sched_getaffinity(0, sizeof(mask), &mask) == 0) {
        const int n = CPU_COUNT(&mask);
        if (n > 0)
            return static_cast<unsigned>(n);
    }
#endif
    const unsigned all = std::thread::hardware_concurrency();
    return all > 0 ? all : 1;
}

} // namespace itool
