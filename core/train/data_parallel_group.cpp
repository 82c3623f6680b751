// See data_parallel_group.h.
#include "core/train/data_parallel_group.h"

#include <exception>
#include <thread>

namespace itool::train {

DataParallelGroup::DataParallelGroup(model::LlamaForCausalLM main, const model::ModelConfig &config,
                                     std::size_t workers)
    : m_main(std::move(main))
{
    for (std::size_t w = 1; w < workers; ++w) {
        m_replicas.emplace_back(config);
        m_flat.push_back(flattenParameters(m_replicas.back()->namedWeights()));
    }
}

model::LlamaForCausalLM &DataParallelGroup::model(std::size_t worker)
{
    return worker == 0 ? m_main : m_replicas.at(worker - 1);
}

void DataParallelGroup::broadcast(const torch::Tensor &mainFlatParameters)
{
    torch::NoGradGuard noGrad;
    for (auto &f : m_flat) {
        f.values.copy_(mainFlatParameters);
        f.grads.zero_();
    }
}

void DataParallelGroup::run(const std::function<void(std::size_t)> &work)
{
    std::vector<std::exception_ptr> errors(workers());
    std::vector<std::thread> threads;
    threads.reserve(m_replicas.size());
    for (std::size_t w = 1; w < workers(); ++w)
        threads.emplace_back([&, w] {
            try {
                work(w);
            } catch (...) {
                errors[w] = std::current_exception();
            }
        });
    try {
        work(0);
    } catch (...) {
        errors[0] = std::current_exception();
    }
    for (auto &t : threads)
        t.join();
    for (const auto &e : errors)
        if (e)
            std::rethrow_exception(e);
}

void DataParallelGroup::reduceInto(const torch::Tensor &mainFlatGradients) const
{
    torch::NoGradGuard noGrad;
    auto target = mainFlatGradients;
    for (const auto &f : m_flat)
        target.add_(f.grads);
}

} // namespace itool::train
