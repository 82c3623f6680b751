#pragma once
// Data-parallel training on CPU cores: worker 0 is the main model, workers 1..n-1 are copies
// of it. Each worker computes the gradient of its share of a batch on its own thread, single-
// threaded, and the copies' gradients are then added into the main model's. On 2 cores this
// beat one model with the matrix products spread over both (OpenBLAS's threads wait on each
// other at every small product, and the element-wise work runs on one thread): docs/training.md,
// Threads. The copies keep parameters and gradients in flat buffers laid out like the main
// model's FlatAdamW buffers (flat_parameters.h), so bringing them up to date is one copy each
// and gathering their gradients one add each. Torch header: train .cpp files only.
#include "core/model/transformer.h"
#include "core/train/flat_parameters.h"

#include <cstddef>
#include <functional>
#include <vector>

namespace itool::train {

class DataParallelGroup
{
public:
    // `main` must already have its parameters flattened (FlatAdamW does that).
    DataParallelGroup(model::LlamaForCausalLM main, const model::ModelConfig &config, std::size_t workers);

    std::size_t workers() const { return m_replicas.size() + 1; }
    model::LlamaForCausalLM &model(std::size_t worker);

    // Copies the main model's flat parameters into every copy and zeroes the copies' gradients
    // (nothing to do with one worker).
    void broadcast(const torch::Tensor &mainFlatParameters);
    // Runs work(w) for every worker at once, worker 0 on the calling thread. Rethrows the first
    // worker's exception after all have finished.
    void run(const std::function<void(std::size_t worker)> &work);
    // Adds the copies' gradients into the main model's flat gradients, in worker order (so the
    // sum, and the run, are the same every time).
    void reduceInto(const torch::Tensor &mainFlatGradients) const;

private:
    model::LlamaForCausalLM m_main;
    std::vector<model::LlamaForCausalLM> m_replicas;
    std::vector<FlatParameters> m_flat;
};

} // namespace itool::train
