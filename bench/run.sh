#!/usr/bin/env bash
# Compares dnnc with the PyTorch peer (../shared/peers/torch_peer.py) on the same models, data and settings in
# one run and prints a markdown table of ratios. See BENCHMARKS.md.
#
#   bench/run.sh [--repeat N] [--epochs N] [--quick] [--no-cnn]
#
# The MLP rows use bench/models/design_mlp.dnn and the CNN rows bench/models/design_cnn.dnn: the same networks
# and settings as the peer's --model mlp and --model cnn.
#
# Needs Java 17, Maven, /usr/bin/python3 with Debian's python3-torch, and dataset-fashion-mnist.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
peer=${DNNC_PEER:-$here/../shared/peers/torch_peer.py}
work=$(mktemp -d "${TMPDIR:-/tmp}/dnnc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

(cd "$here" && mvn -q -B -ntp -P bench -DskipTests install) >&2
# the peer's MLP (no L2 penalty, unlike examples/fashion_mlp.dnn), so that both sides train the same network
"$here/bin/dnnc" compile "$here/bench/models/design_mlp.dnn" -o "$work/mlp.jar" >&2
cnn=()
if [[ " $* " != *" --no-cnn "* ]]; then
    # the peer's CNN (no batch normalization, no dropout), so that both sides train the same network
    "$here/bin/dnnc" compile "$here/bench/models/design_cnn.dnn" -o "$work/cnn.jar" >&2
    cnn=(--cnn "$work/cnn.jar")
fi
args=()
for x in "$@"; do [ "$x" = --no-cnn ] || args+=("$x"); done
cp="$here/bench/target/dnnc-bench-0.1.0.jar:$here/runtime/target/classes"
cd "$work"
uptime >&2
/usr/bin/python3 "$here/bench/compare.py" --jar "$work/mlp.jar" --cp "$cp" --peer "$peer" "${cnn[@]}" "${args[@]}"
uptime >&2
