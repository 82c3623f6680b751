// See parallel_tasks.h.
#include "core/common/parallel_tasks.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace itool {

void forEachTask(std::size_t count, int workers, const std::function<void(std::size_t)> &run)
{
    const std::size_t threads = std::min<std::size_t>(count, std::size_t(workers > 1 ? workers : 1));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i)
            run(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto work = [&] {
        while (!failed.load()) {
            const std::size_t task = next.fetch_add(1);
            if (task >= count)
                return;
            try {
                run(task);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(errorMutex);
                if (!error)
                    error = std::current_exception();
                failed.store(true);
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto &t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

} // namespace itool
