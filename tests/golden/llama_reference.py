"""Independent reference for the C++ Llama-style transformer (core/model/transformer.cpp).

Reads a model folder (config.json + model.safetensors, parsed here with struct/json, not
with any safetensors library), runs the forward pass in plain PyTorch written from the
Llama paper / Hugging Face semantics, and writes the logits as raw little-endian float32.

    /usr/bin/python3 llama_reference.py MODEL_DIR IDS_FILE OUT_FILE
IDS_FILE: one line per batch row, token ids separated by spaces (equal lengths).
Exit code 3 when torch is missing, so the caller can skip rather than fail.
"""
import json
import math
import struct
import sys

try:
    import torch
except ImportError:
    sys.stderr.write("python3 has no torch\n")
    sys.exit(3)

DTYPES = {"F32": torch.float32, "F64": torch.float64, "F16": torch.float16,
          "BF16": torch.bfloat16, "I64": torch.int64, "I32": torch.int32}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        buf = bytearray(data[base + begin:base + end])
        t = torch.frombuffer(buf, dtype=DTYPES[info["dtype"]]) if buf else torch.empty(0)
        tensors[name] = t.reshape(info["shape"]).clone()
    return tensors


def rms_norm(x, w, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * w


def rotate_half(x):
    h = x.shape[-1] // 2
    return torch.cat((-x[..., h:], x[..., :h]), dim=-1)


def forward(cfg, w, ids):
    d = cfg["hidden_size"]
    nh = cfg["num_attention_heads"]
    nkv = cfg.get("num_key_value_heads", nh)
    hd = d // nh
    eps = cfg.get("rms_norm_eps", 1e-6)
    theta = cfg.get("rope_theta", 10000.0)
    B, T = ids.shape
    x = w["model.embed_tokens.weight"][ids]
    inv = 1.0 / (theta ** (torch.arange(0, hd, 2).float() / hd))
    freqs = torch.outer(torch.arange(T).float(), inv)
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos()[None, None], emb.sin()[None, None]
    causal = torch.full((T, T), float("-inf")).triu(1)
    for i in range(cfg["num_hidden_layers"]):
        p = "model.layers.%d." % i
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        q = (h @ w[p + "self_attn.q_proj.weight"].T).view(B, T, nh, hd).transpose(1, 2)
        k = (h @ w[p + "self_attn.k_proj.weight"].T).view(B, T, nkv, hd).transpose(1, 2)
        v = (h @ w[p + "self_attn.v_proj.weight"].T).view(B, T, nkv, hd).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = torch.repeat_interleave(k, nh // nkv, dim=1)
        v = torch.repeat_interleave(v, nh // nkv, dim=1)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(hd) + causal
        o = (torch.softmax(att, dim=-1) @ v).transpose(1, 2).reshape(B, T, d)
        x = x + o @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        g = h @ w[p + "mlp.gate_proj.weight"].T
        u = h @ w[p + "mlp.up_proj.weight"].T
        x = x + (torch.nn.functional.silu(g) * u) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], eps)
    head = w["model.embed_tokens.weight"] if cfg.get("tie_word_embeddings") else w["lm_head.weight"]
    return x @ head.T


def main():
    model_dir, ids_file, out_file = sys.argv[1:4]
    with open(model_dir + "/config.json") as f:
        cfg = json.load(f)
    w = read_safetensors(model_dir + "/model.safetensors")
    with open(ids_file) as f:
        rows = [[int(t) for t in line.split()] for line in f if line.strip()]
    with torch.no_grad():
        logits = forward(cfg, {k: v.double() if v.is_floating_point() else v for k, v in w.items()},
                         torch.tensor(rows, dtype=torch.long)) if "--double" in sys.argv else \
            forward(cfg, w, torch.tensor(rows, dtype=torch.long))
    with open(out_file, "wb") as f:
        f.write(logits.float().contiguous().numpy().tobytes())


if __name__ == "__main__":
    main()
