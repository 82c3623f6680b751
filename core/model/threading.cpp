// Thread control for torch and OpenBLAS (see threading.h). OpenBLAS is reached through
// dlsym so that the build does not depend on which BLAS the system links torch to.
#include "core/model/threading.h"

#include "core/common/usable_cores.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <dlfcn.h>

namespace itool::model {

namespace {
using SetThreads = void (*)(int);
using GetThreads = int (*)();
SetThreads blasSetter() { return reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")); }
GetThreads blasGetter() { return reinterpret_cast<GetThreads>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")); }
} // namespace

ThreadSettings trainingThreads(bool bf16)
{
    ThreadSettings s;
    if (bf16)
        s.torchThreads = static_cast<int>(usableCores()); // not measured with workers: no CPU here has native bf16
    else
        s.workers = static_cast<int>(usableCores());
    return s;
}

bool applyThreadSettings(const ThreadSettings &s)
{
    // Two busy-waiting pools on two cores starve each other; passive waiting avoids it.
    if (s.torchThreads > 1)
        setenv("OMP_WAIT_POLICY", "PASSIVE", /*overwrite=*/0);
    at::set_num_threads(std::max(1, s.torchThreads));
    if (auto set = blasSetter()) {
        set(std::max(1, s.blasThreads));
        return true;
    }
    return false;
}

std::string describeThreads()
{
    std::string text = "torch " + std::to_string(at::get_num_threads()) + " thread(s), ";
    if (auto get = blasGetter())
        return text + "OpenBLAS " + std::to_string(get()) + " thread(s)";
    return text + "BLAS threads not controllable";
}

ThreadSettings currentThreadSettings()
{
    ThreadSettings s;
    s.torchThreads = at::get_num_threads();
    if (auto get = blasGetter())
        s.blasThreads = get();
    return s;
}

WorkerThreadScope::WorkerThreadScope(int workers) : m_before(currentThreadSettings()), m_active(workers > 1)
{
    if (m_active)
        applyThreadSettings(ThreadSettings{1, 1, workers});
}

WorkerThreadScope::~WorkerThreadScope()
{
    if (m_active)
        applyThreadSettings(m_before);
}

} // namespace itool::model
