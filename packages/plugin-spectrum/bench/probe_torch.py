"""The same spectrum probe in PyTorch, for bench/probe.js.

Reads a JSON file written by probe.js (the reference DCGAN-MNIST generator's weights in
tfjs layout, and the latent points), rebuilds the generator in PyTorch with those weights,
and for each point computes J with torch.autograd.functional.jacobian(vectorize=True),
M = JᵀJ in float64 and its eigenvalues with numpy.linalg.eigvalsh. Prints one JSON line:
timings and the eigenvalues (descending) for the cross-check.

Usage: /usr/bin/python3 probe_torch.py <input.json> [reverse-mode|forward-mode ...]
"""
import json
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.autograd.functional import jacobian


class Generator(nn.Module):
    """G: dense(d -> 7*7*w), BN, ReLU, reshape, convT(w/2, k5, s2), BN, ReLU, convT(1, k5, s2), tanh.

    tfjs 'same' padding of a stride-2, k5 transposed convolution puts 1 row of padding
    before and 2 after; PyTorch pads symmetrically, so pad 1 and drop the last row/column.
    Activations are NHWC-flattened at the output, as in tfjs.
    """

    def __init__(self, w):
        super().__init__()
        self.w = w
        self.dense = nn.Linear(w["latent"], 7 * 7 * w["width"])
        self.bn1 = nn.BatchNorm1d(7 * 7 * w["width"], eps=1e-3)
        self.ct1 = nn.ConvTranspose2d(w["width"], w["width"] // 2, 5, stride=2, padding=1)
        self.bn2 = nn.BatchNorm2d(w["width"] // 2, eps=1e-3)
        self.ct2 = nn.ConvTranspose2d(w["width"] // 2, 1, 5, stride=2, padding=1)

    def forward(self, z):
        x = torch.relu(self.bn1(self.dense(z)))
        x = x.view(-1, 7, 7, self.w["width"]).permute(0, 3, 1, 2)
        x = torch.relu(self.bn2(self.ct1(x)[:, :, :14, :14]))
        x = torch.tanh(self.ct2(x)[:, :, :28, :28])
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


def load(spec):
    g = Generator(spec)
    t = {name: torch.tensor(np.array(v["values"], dtype=np.float32).reshape(v["shape"])) for name, v in spec["weights"].items()}
    with torch.no_grad():
        g.dense.weight.copy_(t["dense/kernel"].T)
        g.dense.bias.copy_(t["dense/bias"])
        for bn, key in ((g.bn1, "bn1"), (g.bn2, "bn2")):
            bn.weight.copy_(t[f"{key}/gamma"])
            bn.bias.copy_(t[f"{key}/beta"])
            bn.running_mean.copy_(t[f"{key}/moving_mean"])
            bn.running_var.copy_(t[f"{key}/moving_variance"])
        for ct, key in ((g.ct1, "ct1"), (g.ct2, "ct2")):
            ct.weight.copy_(t[f"{key}/kernel"].permute(3, 2, 0, 1))  # [k,k,out,in] -> [in,out,k,k]
            ct.bias.copy_(t[f"{key}/bias"])
    return g.eval()  # batch norm in inference mode


def probe(g, z, strategy):
    eigenvalues = []
    started = time.perf_counter()
    jacobian_seconds = 0.0
    for point in z:
        t0 = time.perf_counter()
        j = jacobian(lambda v: g(v[None])[0], point, vectorize=True, strategy=strategy)
        jacobian_seconds += time.perf_counter() - t0
        jd = j.detach().double().numpy()
        eigenvalues.append(np.linalg.eigvalsh(jd.T @ jd)[::-1].tolist())
    return time.perf_counter() - started, jacobian_seconds, eigenvalues


def main():
    spec = json.load(open(sys.argv[1]))
    strategies = sys.argv[2:] or ["reverse-mode"]
    g = load(spec)
    z = torch.tensor(np.array(spec["z"], dtype=np.float32))
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "points": len(z), "results": {}}
    for strategy in strategies:
        try:
            probe(g, z[:2], strategy)  # warm-up
            runs = [probe(g, z, strategy) for _ in range(spec["repeats"])]
            best = min(runs, key=lambda r: r[0])
            out["results"][strategy] = {"seconds": best[0], "jacobianSeconds": best[1], "eigenvalues": best[2]}
        except Exception as error:  # e.g. an op without a forward-mode rule in this torch version
            out["results"][strategy] = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(out))


if __name__ == "__main__":
    main()
