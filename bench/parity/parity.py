#!/usr/bin/python3
"""Parity of dnnc with PyTorch: the same weights and the same batch must give the same loss and gradients.

    parity.py --weights W --batch-file B.csv --gradients DIR/gradients.json [--tolerance 1e-4]

W is a dnnc weights file (docs/FORMATS.md), B.csv the batch the jar's `gradients` command read, and
gradients.json what it wrote. Each model of MODELS is written here independently, in PyTorch (float64);
its loss and every parameter's gradient are compared with the jar's. The error of a tensor is
max|dnnc - torch| / max(max|torch|, 1e-3); it must be at most the tolerance. Exit code 0 when all match,
1 when some differ, 2 for bad use. Needs Debian's python3-torch; run with /usr/bin/python3.
"""
import argparse, json, struct, sys, zlib
import torch
import torch.nn.functional as F


def read_weights(path):
    """A dnnc weights file: big-endian 'DNNW', version, name, fingerprint, then (name, dims, floats) each."""
    data = open(path, "rb").read()
    if data[:4] != b"DNNW":
        raise SystemExit(f"{path}: not a dnnc weights file")
    if zlib.crc32(data[:-8]) != struct.unpack(">q", data[-8:])[0]:
        raise SystemExit(f"{path}: checksum mismatch")
    at = 4

    def take(fmt):
        nonlocal at
        v = struct.unpack_from(fmt, data, at)
        at += struct.calcsize(fmt)
        return v

    def utf():
        (n,) = take(">H")
        s = data[at:at + n].decode("utf-8")
        take(f">{n}s")
        return s

    (version,) = take(">i")
    model = utf()
    take(">q")
    (count,) = take(">i")
    params = {}
    for _ in range(count):
        name = utf()
        (rank,) = take(">i")
        dims = take(f">{rank}i")
        size = 1
        for d in dims:
            size *= d
        values = take(f">{size}f")
        params[name] = torch.tensor(values, dtype=torch.float64).reshape(dims).requires_grad_(True)
    return model, params


def dense(x, p, k):
    return x @ p[f"dense{k}.W"] + p[f"dense{k}.b"]


def l1(p):
    return sum(w.abs().sum() for w in p.values())


def l2(p):
    return sum((w * w).sum() for w in p.values())


# Each model as its .dnn file says, with PyTorch's own functions wherever it has one.
def xor(x, y, p):
    return F.cross_entropy(dense(torch.tanh(dense(x, p, 1)), p, 2), y.long())


def iris(x, y, p):
    return F.cross_entropy(x @ p["W"] + p["b"], y.long()) + 1e-3 * (p["W"] ** 2).sum()


def logistic(x, y, p):
    q = torch.sigmoid(x @ p["W"] + p["b"])
    return torch.mean(-(y * torch.log(q) + (1 - y) * torch.log(1 - q)))


def fashion(x, y, p):
    h = F.relu(dense(x, p, 1))
    h = F.relu(dense(h, p, 2))
    h = F.relu(dense(h, p, 3))
    return F.cross_entropy(dense(h, p, 4), y.long()) + 1e-5 * l2(p)


def activations(x, t, p):            # examples/ops/activations.dnn
    W, s = p["W"], p["s"]
    z = x @ W
    a = torch.cat([F.relu(z), F.leaky_relu(z, 0.1), F.elu(z), F.gelu(z)], -1)
    b = torch.cat([torch.sigmoid(z), F.softplus(z), F.silu(z), F.silu(z) * torch.tanh(z)], -1)
    c = (a * b).reshape(-1, 4, 4)
    d = c.transpose(-2, -1) - c.amax(-1, keepdim=True) + c.amin(1, keepdim=True)
    f = d.flatten(1)[:, 2:6] + d.sum(-1) / 4 - d.mean(1)
    o = (torch.sqrt(f.abs() + 1) + torch.clamp(f, -0.5, 0.5) + torch.maximum(f, s) - torch.clamp(f, max=0)
         + -f ** 2 / 10 + s ** 2 * torch.erf(f) + torch.exp(-f.abs()) * torch.log(s * s + 1)
         + F.log_softmax(f, -1) + F.softmax(f * s, -1))
    return F.mse_loss(o, t) + 0.01 * l1(p) + 0.01 * (W * W).sum() + o.max() / 10 + o.min() / 10


def losses(x, y, p):                 # examples/ops/losses.dnn
    h = dense(x, p, 1)
    q = torch.sigmoid(h)
    probs = F.softmax(dense(x, p, 2), -1)
    t = F.one_hot(y.long(), 3).double()
    return (F.cross_entropy(h, y.long()) + F.cross_entropy(h, probs) + F.binary_cross_entropy(q, t)
            + F.binary_cross_entropy_with_logits(h, t) + torch.clamp(1 - (t * 2 - 1) * h, min=0).mean()
            + F.l1_loss(q, t) + F.huber_loss(h, t, delta=0.5) + 0.001 * l1(p) + 0.001 * l2(p))


MODELS = {"Xor": (xor, 2), "Iris": (iris, 4), "Logistic": (logistic, 4), "FashionMLP": (fashion, 784),
          "Activations": (activations, 6), "Losses": (losses, 5)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", required=True)
    ap.add_argument("--batch-file", required=True)
    ap.add_argument("--gradients", required=True)
    ap.add_argument("--tolerance", type=float, default=1e-4)
    a = ap.parse_args()
    name, params = read_weights(a.weights)
    if name not in MODELS:
        print(f"no PyTorch peer for model {name}; known: {', '.join(MODELS)}", file=sys.stderr)
        return 2
    forward, inputs = MODELS[name]
    rows = [[float(v) for v in line.split(",")] for line in open(a.batch_file) if line.strip()]
    batch = torch.tensor(rows, dtype=torch.float64)
    x, y = batch[:, :inputs], batch[:, inputs:]
    if y.shape[1] == 1 and name in ("Xor", "Iris", "FashionMLP", "Losses"):
        y = y[:, 0]
    loss = forward(x, y, params)
    loss.backward()
    dnnc = json.load(open(a.gradients))
    ok = True
    err = abs(dnnc["loss"] - loss.item()) / max(abs(loss.item()), 1e-3)
    print(f"{name} loss: dnnc {dnnc['loss']:.8g} torch {loss.item():.8g} error {err:.2e}")
    ok &= err <= a.tolerance
    for pname, w in params.items():
        mine = torch.tensor(dnnc["gradients"][pname]["values"], dtype=torch.float64).reshape(w.shape)
        ref = w.grad
        err = ((mine - ref).abs().max() / max(ref.abs().max().item(), 1e-3)).item()
        flag = "" if err <= a.tolerance else "  MISMATCH"
        ok &= err <= a.tolerance
        print(f"{name} d({pname}) {list(w.shape)}: error {err:.2e}{flag}")
    print("parity ok" if ok else f"parity FAILED (tolerance {a.tolerance})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
