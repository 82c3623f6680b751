// The Python half of `itool bench train`: the same model and training step written the
// ordinary PyTorch way (nn.Module, torch.optim.AdamW, F.cross_entropy), kept in the binary so
// the bench works from any folder. Prints one JSON line.
#include "core/train/train_bench.h"

namespace itool::train {

const char *trainBenchPythonScript()
{
    return R"PY(
import json, math, sys, time
import torch
import torch.nn.functional as F
from torch import nn

args = json.loads(sys.argv[1])
torch.set_num_threads(args["torch_threads"])
torch.manual_seed(0)
V, D, L, H, I = args["vocab"], args["hidden"], args["layers"], args["heads"], args["intermediate"]
B, T = args["batch"], args["sequence"]
HD = D // H

class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-5):
        super().__init__(); self.weight = nn.Parameter(torch.ones(d)); self.eps = eps
    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight

def rotate_half(x):
    return torch.cat((-x[..., HD // 2:], x[..., :HD // 2]), dim=-1)

class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q = nn.Linear(D, D, bias=False); self.k = nn.Linear(D, D, bias=False)
        self.v = nn.Linear(D, D, bias=False); self.o = nn.Linear(D, D, bias=False)
        self.gate = nn.Linear(D, I, bias=False); self.up = nn.Linear(D, I, bias=False)
        self.down = nn.Linear(I, D, bias=False)
        self.n1 = RMSNorm(D); self.n2 = RMSNorm(D)
    def forward(self, x, cos, sin, mask):
        h = self.n1(x)
        q = self.q(h).view(B, T, H, HD).transpose(1, 2)
        k = self.k(h).view(B, T, H, HD).transpose(1, 2)
        v = self.v(h).view(B, T, H, HD).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        att = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(HD) + mask, dim=-1)
        x = x + self.o((att @ v).transpose(1, 2).reshape(B, T, D))
        h = self.n2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))

class Model(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(V, D)
        self.layers = nn.ModuleList([Layer() for _ in range(L)])
        self.norm = RMSNorm(D)
        self.head = nn.Linear(D, V, bias=False)
        inv = 1.0 / (10000.0 ** (torch.arange(0, HD, 2).float() / HD))
        emb = torch.outer(torch.arange(T).float(), inv)
        emb = torch.cat((emb, emb), dim=-1)
        self.register_buffer("cos", emb.cos()); self.register_buffer("sin", emb.sin())
        self.register_buffer("mask", torch.full((T, T), float("-inf")).triu(1))
    def forward(self, ids):
        x = self.embed(ids)
        for layer in self.layers:
            x = layer(x, self.cos, self.sin, self.mask)
        return self.head(self.norm(x))

model = Model()
for name, p in model.named_parameters():  # Llama init, as ours: normal(0, 0.02), norms at 1
    if p.dim() >= 2:
        torch.nn.init.normal_(p, 0.0, 0.02)
params = sum(p.numel() for p in model.parameters())
opt = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
ids = torch.randint(0, V, (B, T + 1))
x, y = ids[:, :-1], ids[:, 1:]

def step():
    opt.zero_grad(set_to_none=True)
    loss = F.cross_entropy(model(x).reshape(-1, V), y.reshape(-1))
    loss.backward()
    opt.step()
    return loss.item()

for _ in range(args["warmup"]):
    step()
losses = []
start = time.perf_counter()
cpu_start = time.process_time()
for _ in range(args["steps"]):
    losses.append(step())
seconds = time.perf_counter() - start
cpu_seconds = time.process_time() - cpu_start
print(json.dumps({"tokens_per_second": args["steps"] * B * T / seconds,
                  "seconds_per_step": seconds / args["steps"], "parameters": params,
                  "tokens_per_cpu_second": args["steps"] * B * T / cpu_seconds,
                  "first_loss": losses[0], "last_loss": losses[-1]}))
)PY";
}

} // namespace itool::train
