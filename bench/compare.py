#!/usr/bin/python3
"""Runs dnnc and the PyTorch peer on the same models, data and settings in one run and prints a markdown
table of ratios. Called by bench/run.sh after the build; see BENCHMARKS.md.

    compare.py --jar MODEL.jar --cp HARNESS_CLASSPATH [--peer torch_peer.py] [--repeat N] [--quick]

Every figure is the median over --repeat rounds; within a round dnnc and PyTorch run back to back, so the
ratios compare like with like even on a loaded machine. The load average is printed before and after.
"""
import argparse, json, os, re, statistics, subprocess, sys, tempfile, time

VEC = ["--add-modules", "jdk.incubator.vector"]


def run(cmd, env=None, timed=False):
    """Runs cmd; returns (stdout, peak RSS in MB or None)."""
    e = dict(os.environ)
    e.pop("DNNC_NO_SIMD", None)
    e.pop("DNNC_NO_RELAUNCH", None)
    e.update(env or {})
    if timed:
        with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name] + cmd, env=e, capture_output=True,
                               text=True)
            rss = float(open(t.name).read().strip().splitlines()[-1]) / 1024
    else:
        p = subprocess.run(cmd, env=e, capture_output=True, text=True)
        rss = None
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stdout}\n{p.stderr}")
    return p.stdout, rss


def kv(text, key):
    v = kv_text(text, key)
    return float(v) if v is not None else None


def kv_text(text, key):
    m = re.findall(rf"^{key}=([^\s]+)", text, re.M)
    return m[-1] if m else None


def load():
    return open("/proc/loadavg").read().split()[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True, help="the jar of bench/models/design_mlp.dnn, the peer's MLP")
    ap.add_argument("--cp", required=True)
    ap.add_argument("--peer", default=os.path.join(os.path.dirname(__file__), "../../shared/peers/torch_peer.py"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="skip batch 32 and the scalar path")
    ap.add_argument("--cnn", help="also the CNN: the jar of bench/models/design_cnn.dnn, the peer's CNN (training at batch 128, latency)")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="dnnc-bench-")
    peer = [a.python, a.peer]
    java = ["java"]
    harness = java + ["-cp", a.cp, "dnnc.bench.Harness"]
    jar_main = java + ["-cp", a.cp + os.pathsep + a.jar, "dnnc.bench.JarMain"]
    batches = [128] if a.quick else [128, 32]
    res = {}

    def add(key, value):
        if value is not None:
            res.setdefault(key, []).append(value)

    load_before = load()
    for rnd in range(a.repeat):
        for b in batches:
            # No JVM flags: JarMain relaunches with the Vector API (the SIMD path) unless told --no-simd.
            for path, flag in [("simd", []), ("scalar", ["--no-simd"])]:
                if a.quick and path == "scalar":
                    continue
                mj = os.path.join(tmp, f"m{b}{path}.json")
                _, rss = run(jar_main + ["train", "--epochs", str(a.epochs), "--batch", str(b), "--metrics-json", mj,
                                         "--save", os.path.join(tmp, "w")] + flag, timed=True)
                eps = json.load(open(mj))["epochs"]
                add(f"dnnc_{path}_train{b}", statistics.mean(e["samples_per_second"] for e in eps))
                add(f"dnnc_{path}_rss{b}", rss)
            for th in (1, 2):
                out, rss = run(peer + ["train", "--model", "mlp", "--epochs", str(a.epochs), "--batch", str(b),
                                       "--threads", str(th)], timed=True)
                add(f"torch{th}_train{b}", kv(out, "train_samples_per_s"))
                add(f"torch{th}_rss{b}", rss)
            # 4 000 steps of warm-up, then 2 000 timed: the JIT takes up to a few thousand steps to compile the
            # last kernels, running them in C1's code (boxing vectors) until then (BENCHMARKS.md, 2026-12-02 noon)
            out, _ = run(harness[:1] + VEC + harness[1:] + ["steps", a.jar, str(b), "2000"])
            add(f"alloc{b}", kv(out, "bytes_per_step"))
            add(f"alloc_windows{b}", kv_text(out, "bytes_per_step_windows"))
            add(f"steps{b}", kv(out, "step_samples_per_s"))
        add("roundtrip_mlp", kv(run(harness + ["roundtrip"])[0], "roundtrip_ns"))
        out, _ = run(harness[:1] + VEC + harness[1:] + ["latency", a.jar])
        add("dnnc_simd_lat", kv(out, "latency_us"))
        if not a.quick:
            out, _ = run(harness + ["latency", a.jar], env={"DNNC_NO_SIMD": "1"})
            add("dnnc_scalar_lat", kv(out, "latency_us"))
        for th in (1, 2):
            out, _ = run(peer + ["latency", "--model", "mlp", "--threads", str(th)])
            add(f"torch{th}_lat", kv(out, "latency_us"))
        if a.cnn:
            mj = os.path.join(tmp, "cnn.json")
            run(java + ["-cp", a.cp + os.pathsep + a.cnn, "dnnc.bench.JarMain", "train", "--epochs", str(a.epochs),
                        "--batch", "128", "--metrics-json", mj, "--save", os.path.join(tmp, "wc")])
            add("dnnc_cnn_train", statistics.mean(e["samples_per_second"] for e in json.load(open(mj))["epochs"]))
            add("roundtrip_cnn", kv(run(harness + ["roundtrip"])[0], "roundtrip_ns"))
            out, _ = run(harness[:1] + VEC + harness[1:] + ["latency", a.cnn])
            add("dnnc_cnn_lat", kv(out, "latency_us"))
            # 800 steps of warm-up (200 left some kernels in C1's code: 15 456 bytes a step), then 400
            out, _ = run(harness[:1] + VEC + harness[1:] + ["steps", a.cnn, "128", "400"])
            add("cnn_alloc", kv(out, "bytes_per_step"))
            add("cnn_alloc_windows", kv_text(out, "bytes_per_step_windows"))
            for th in (1, 2):
                out, _ = run(peer + ["train", "--model", "cnn", "--epochs", str(a.epochs), "--batch", "128",
                                     "--threads", str(th)])
                add(f"torch{th}_cnn_train", kv(out, "train_samples_per_s"))
                out, _ = run(peer + ["latency", "--model", "cnn", "--threads", str(th)])
                add(f"torch{th}_cnn_lat", kv(out, "latency_us"))
        for th in (1, 2):
            out, _ = run(harness[:1] + VEC + harness[1:] + ["gemm", "1024", str(th)])
            add(f"dnnc_gemm{th}", kv(out, "gemm_gflops"))
            out, _ = run(peer + ["gemm", "--n", "1024", "--threads", str(th)])
            add(f"torch_gemm{th}", kv(out, "gemm_gflops"))
        out, _ = run([a.python, "-c", "import numpy as np, time\n"
                      "a = np.random.rand(1024, 1024).astype(np.float32); b = a.copy()\n"
                      "[a @ b for _ in range(3)]\n"
                      "r, t = 0, time.perf_counter()\n"
                      "while time.perf_counter() - t < 2: a @ b; r += 1\n"
                      "print(f'gemm_gflops={2 * 1024**3 / ((time.perf_counter() - t) / r) / 1e9:.1f}')"])
        add("numpy_gemm", kv(out, "gemm_gflops"))
    load_after = load()

    med = {k: statistics.median(v) for k, v in res.items()}
    torch_version = subprocess.run([a.python, "-c", "import torch; print(torch.__version__)"], capture_output=True,
                                   text=True).stdout.strip()
    java_version = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M')}; CPU: {cpu}, {os.cpu_count()} cores; JDK: {java_version}; "
          f"PyTorch {torch_version}; rounds: {a.repeat}; load average before/after: {load_before}/{load_after}")
    print()
    print("| work | dnnc (SIMD) | dnnc (scalar) | PyTorch 1 thread | PyTorch 2 threads | ratio vs best PyTorch | target |")
    print("|---|---|---|---|---|---|---|")

    def row(name, d, s, t1, t2, higher_better, target, unit):
        peers = [x for x in (t1, t2) if x is not None]
        best = None if not peers else (max(peers) if higher_better else min(peers))
        ratio = "" if d is None or best is None else (d / best if higher_better else best / d)
        f = lambda x: "–" if x is None else f"{x:,.1f}" if x < 100 else f"{x:,.0f}"
        print(f"| {name} | {f(d)} | {f(s)} | {f(t1)} | {f(t2)} | "
              f"{'' if ratio == '' else f'{ratio:.2f}×'} | {target} |")

    g = med.get
    for b in batches:
        row(f"MLP training, Adam, batch {b} (samples/s)", g(f"dnnc_simd_train{b}"), g(f"dnnc_scalar_train{b}"),
            g(f"torch1_train{b}"), g(f"torch2_train{b}"), True, "≥ 2×" if b == 128 else "≥ 3×", "")
    row("predict one example (µs, lower is better)", g("dnnc_simd_lat"), g("dnnc_scalar_lat"), g("torch1_lat"),
        g("torch2_lat"), False, "≥ 6×", "")
    if a.cnn:
        row("CNN training, Adam, batch 128 (samples/s)", g("dnnc_cnn_train"), None, g("torch1_cnn_train"),
            g("torch2_cnn_train"), True, "≥ 2×", "")
        row("CNN predict one example (µs, lower is better)", g("dnnc_cnn_lat"), None, g("torch1_cnn_lat"),
            g("torch2_cnn_lat"), False, "≥ 4×", "")
    row("sgemm 1024³, 1 thread (GFLOP/s)", g("dnnc_gemm1"), None, g("torch_gemm1"), None, True, "", "")
    row("sgemm 1024³, 2 threads (GFLOP/s)", g("dnnc_gemm2"), None, None, g("torch_gemm2"), True, "", "")
    best_dnnc = max(g("dnnc_gemm1"), g("dnnc_gemm2"))
    print(f"| sgemm 1024³, best, vs numpy/OpenBLAS {g('numpy_gemm'):.1f} GFLOP/s | {best_dnnc:.1f} | | | | "
          f"{best_dnnc / g('numpy_gemm'):.2f}× | ≥ 0.8× |")
    for b in batches:
        trss = min(g(f"torch1_rss{b}"), g(f"torch2_rss{b}"))
        print(f"| peak memory, training batch {b} (MB, lower is better) | {g(f'dnnc_simd_rss{b}'):.0f} | "
              f"{g(f'dnnc_scalar_rss{b}') or 0:.0f} | {g(f'torch1_rss{b}'):.0f} | {g(f'torch2_rss{b}'):.0f} | "
              f"{trss / g(f'dnnc_simd_rss{b}'):.2f}× | ≥ 1× |")
    for b in batches:
        t = max(g(f"torch1_train{b}"), g(f"torch2_train{b}"))
        print(f"| training steps only (no data shuffling, no test pass), batch {b} (samples/s) | "
              f"{g(f'steps{b}'):,.0f} | | | | {g(f'steps{b}') / t:.2f}× | |")
    for b in batches:
        print(f"| heap bytes allocated per training step after warm-up, batch {b} | {g(f'alloc{b}'):.1f} | | | | "
              f"| 0 |")
    if a.cnn:
        print(f"| heap bytes allocated per training step after warm-up, CNN batch 128 | {g('cnn_alloc'):.1f} | | | | "
              f"| 0 |")
    print()
    # The row is the least of five windows: what every step allocates shows in each; a one-off (the JIT replacing
    # code) in one, kernels not compiled yet in the first ones.
    for name, key in [(f"batch {b}", f"alloc_windows{b}") for b in batches] + [("CNN", "cnn_alloc_windows")]:
        if any(float(x) != 0 for w in res.get(key, []) for x in w.split(",")):
            print(f"Heap bytes a step in each of the five windows of the allocation row, {name}, by round: "
                  + "; ".join(res[key]))
    # Which state the host had the two cores in for each latency run (see Harness roundtrip).
    for name, lat, rt in [("MLP", "dnnc_simd_lat", "roundtrip_mlp"), ("CNN", "dnnc_cnn_lat", "roundtrip_cnn")]:
        if res.get(lat) and res.get(rt):
            pairs = ", ".join(f"{x:.1f} µs ({r:.0f} ns)" for x, r in zip(res[lat], res[rt]))
            print(f"{name} one-example latency by round, with the core-to-core round trip measured just before: "
                  f"{pairs}")


if __name__ == "__main__":
    main()
