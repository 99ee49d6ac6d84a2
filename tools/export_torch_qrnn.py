#!/usr/bin/env python3
"""Export a PyTorch QRNN (torchqrnn's state_dict layout) to a qstream model (model.json + weights.npz).

Layout handled (torchqrnn, github.com/salesforce/pytorch-qrnn):
  layers.{i}.linear.weight  [G*m, k*n]   G = 3 with output gate (fo-pooling), 2 without (f-pooling)
  layers.{i}.linear.bias    [G*m]
  head.weight [C, m], head.bias [C]      optional dense head (not part of torchqrnn; our addition)
torchqrnn differs from the qstream format (docs/ARCHITECTURE.md) in two ways, both converted here:
  1. Its ForgetMult computes c_t = F*z_t + (1-F)*c_{t-1}: its F is the paper's 1-f. Since
     1 - sigmoid(a) = sigmoid(-a), the F row block's weights and bias are negated.
  2. Its window input is cat([x_t, x_{t-1}, ...]) (newest first); ours is oldest first, so the k column
     blocks are reversed.
torchqrnn only has windows 1 and 2; the minimal module below follows the same convention for any k.

Usage:
  export_torch_qrnn.py export --state-dict qrnn.pt --window 2 [--no-output-gate]
        [--labels speech,silence --activation softmax] [--features '{"type": "fbank"}']
        [--mean-std norm.npz] --out model_dir_or.zip
  export_torch_qrnn.py selftest --out DIR [--input-size 7 --hidden 6,5 --window 2 --output-gate 1
        --head softmax --frames 30 --seed 0]
      builds a random QRNN, runs it in torch on random input, exports DIR/model.zip and writes
      DIR/input.npy [T, n] and DIR/expected.npy [T, outputs] (what qstream's forward must reproduce).
"""
import argparse
import io
import json
import os
import sys
import zipfile

import numpy as np
import torch
from torch import nn

FORMAT = "qstream-qrnn/1"


class ForgetMult(nn.Module):
    """torchqrnn's ForgetMult (CPU form): h_t = f_t * x_t + (1 - f_t) * h_{t-1}, f is torchqrnn's F."""

    def forward(self, f, x, hidden_init=None):
        result = []
        forgets = f.split(1, dim=0)
        prev_h = hidden_init
        for i, h in enumerate((f * x).split(1, dim=0)):
            if prev_h is not None:
                h = h + (1 - forgets[i]) * prev_h
            h = h.view(h.size()[1:])
            result.append(h)
            prev_h = h
        return torch.stack(result)


class QRNNLayer(nn.Module):
    """torchqrnn's QRNNLayer (no zoneout), generalized to any window with its newest-first order."""

    def __init__(self, input_size, hidden_size, window=1, output_gate=True):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.window = window
        self.output_gate = output_gate
        self.linear = nn.Linear(window * input_size, (3 if output_gate else 2) * hidden_size)

    def forward(self, x, hidden=None):  # x: [T, B, n]
        seq_len = x.size(0)
        shifted = [x]
        for j in range(1, self.window):  # x_{t-j}, zero before the start
            pad = x.new_zeros((min(j, seq_len),) + x.shape[1:])
            shifted.append(torch.cat([pad, x[:-j]], 0) if j < seq_len else pad)
        source = torch.cat(shifted, 2)
        y = self.linear(source)
        if self.output_gate:
            z, f, o = y.chunk(3, dim=2)
        else:
            z, f = y.chunk(2, dim=2)
        z = torch.tanh(z)
        f = torch.sigmoid(f)
        c = ForgetMult()(f, z, hidden)
        h = torch.sigmoid(o) * c if self.output_gate else c
        return h, c[-1:]


class QRNN(nn.Module):
    """A stack of QRNNLayers (torchqrnn's QRNN: state_dict keys layers.{i}.linear.*) + optional head."""

    def __init__(self, input_size, hidden_sizes, window=1, output_gate=True, classes=0, activation="softmax"):
        super().__init__()
        sizes = [input_size] + list(hidden_sizes)
        self.layers = nn.ModuleList(
            [QRNNLayer(sizes[i], sizes[i + 1], window, output_gate) for i in range(len(hidden_sizes))])
        self.head = nn.Linear(sizes[-1], classes) if classes else None
        self.activation = activation

    def forward(self, x):  # [T, B, n] -> [T, B, outputs]
        for layer in self.layers:
            x, _ = layer(x)
        if self.head is not None:
            x = self.head(x)
            x = torch.softmax(x, dim=2) if self.activation == "softmax" else torch.sigmoid(x)
        return x


def convert(state_dict, window, output_gate):
    """torchqrnn state_dict -> (layers json, weights dict) in the qstream layout."""
    layers, weights = [], {}
    i = 0
    g = 3 if output_gate else 2
    while f"layers.{i}.linear.weight" in state_dict:
        w = state_dict[f"layers.{i}.linear.weight"].detach().cpu().double().numpy()
        b = state_dict[f"layers.{i}.linear.bias"].detach().cpu().double().numpy()
        rows, cols = w.shape
        if rows % g or cols % window:
            sys.exit(f"layers.{i}.linear.weight has shape {list(w.shape)}: not [G*m, k*n] for G={g}, k={window}")
        m, n = rows // g, cols // window
        w = w.copy()
        b = b.copy()
        # 1. torchqrnn's F is the paper's 1-f: sigmoid(-a) = 1 - sigmoid(a)
        w[m:2 * m] *= -1
        b[m:2 * m] *= -1
        # 2. newest-first column blocks -> oldest first
        w = np.concatenate([w[:, j * n:(j + 1) * n] for j in reversed(range(window))], axis=1)
        layers.append({"hidden": m, "window": window, "pooling": "fo" if output_gate else "f"})
        weights[f"layers.{i}.weight"] = w.astype(np.float32)
        weights[f"layers.{i}.bias"] = b.astype(np.float32)
        if i == 0:
            input_dim = n
        i += 1
    if not layers:
        sys.exit("state_dict has no layers.0.linear.weight: not a torchqrnn QRNN")
    if "head.weight" in state_dict:
        weights["head.weight"] = state_dict["head.weight"].detach().cpu().numpy().astype(np.float32)
        weights["head.bias"] = state_dict["head.bias"].detach().cpu().numpy().astype(np.float32)
    return input_dim, layers, weights


def write_model(out, input_dim, layers, weights, labels=None, activation=None, features=None, mean=None, std=None):
    model = {
        "format": FORMAT,
        "input_dim": int(input_dim),
        "layers": layers,
        "head": {"labels": list(labels), "activation": activation} if labels else None,
        "features": features,
        "normalization": {"mean": [float(v) for v in mean], "std": [float(v) for v in std]} if mean is not None else None,
    }
    if labels and weights["head.weight"].shape[0] != len(labels):
        sys.exit(f"head.weight has {weights['head.weight'].shape[0]} rows but {len(labels)} labels were given")
    npz = io.BytesIO()
    np.savez(npz, **weights)
    js = json.dumps(model, indent=2).encode()
    if out.endswith(".zip"):
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("model.json", js)
            z.writestr("weights.npz", npz.getvalue())
    else:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "model.json"), "wb") as f:
            f.write(js)
        with open(os.path.join(out, "weights.npz"), "wb") as f:
            f.write(npz.getvalue())


def cmd_export(a):
    sd = torch.load(a.state_dict, map_location="cpu")
    if hasattr(sd, "state_dict"):
        sd = sd.state_dict()
    input_dim, layers, weights = convert(sd, a.window, a.output_gate)
    labels = a.labels.split(",") if a.labels else None
    if ("head.weight" in weights) != bool(labels):
        sys.exit("give --labels exactly when the state_dict has head.weight")
    mean = std = None
    if a.mean_std:
        ms = np.load(a.mean_std)
        mean, std = ms["mean"], ms["std"]
    write_model(a.out, input_dim, layers, weights, labels, a.activation,
                json.loads(a.features) if a.features else None, mean, std)
    print(f"wrote {a.out}: input_dim {input_dim}, {len(layers)} layers", file=sys.stderr)


def cmd_selftest(a):
    torch.manual_seed(a.seed)
    hidden = [int(h) for h in a.hidden.split(",")]
    classes = 3 if a.head != "none" else 0
    model = QRNN(a.input_size, hidden, a.window, bool(a.output_gate), classes, a.head).eval()
    with torch.no_grad():
        for p in model.parameters():  # larger than default init so gates are far from 0.5
            p.uniform_(-0.8, 0.8)
        x = torch.randn(a.frames, 1, a.input_size)
        y = model(x)[:, 0, :]
    input_dim, layers, weights = convert(model.state_dict(), a.window, bool(a.output_gate))
    labels = [f"c{i}" for i in range(classes)] if classes else None
    os.makedirs(a.out, exist_ok=True)
    write_model(os.path.join(a.out, "model.zip"), input_dim, layers, weights, labels, a.head if classes else None,
                {"type": "fbank"})
    np.save(os.path.join(a.out, "input.npy"), x[:, 0, :].numpy().astype(np.float32))
    np.save(os.path.join(a.out, "expected.npy"), y.numpy().astype(np.float32))
    print(f"selftest: torch {torch.__version__}, wrote {a.out}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="convert a saved torchqrnn state_dict")
    e.add_argument("--state-dict", required=True)
    e.add_argument("--window", type=int, required=True)
    e.add_argument("--no-output-gate", dest="output_gate", action="store_false", help="f-pooling (default fo)")
    e.add_argument("--labels")
    e.add_argument("--activation", default="softmax", choices=["softmax", "sigmoid"])
    e.add_argument("--features", help="feature spec JSON stored in model.json")
    e.add_argument("--mean-std", help=".npz with mean and std arrays [input_dim]")
    e.add_argument("--out", required=True)
    e.set_defaults(fn=cmd_export)
    s = sub.add_parser("selftest", help="random model + torch reference output, for the Java test")
    s.add_argument("--out", required=True)
    s.add_argument("--input-size", type=int, default=7)
    s.add_argument("--hidden", default="6,5")
    s.add_argument("--window", type=int, default=2)
    s.add_argument("--output-gate", type=int, default=1)
    s.add_argument("--head", default="softmax", choices=["none", "softmax", "sigmoid"])
    s.add_argument("--frames", type=int, default=30)
    s.add_argument("--seed", type=int, default=0)
    s.set_defaults(fn=cmd_selftest)
    a = p.parse_args()
    a.fn(a)


if __name__ == "__main__":
    main()
