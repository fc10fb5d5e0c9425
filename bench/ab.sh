#!/usr/bin/env bash
# Compares two revisions of dnnc in one JVM (see bench/src/main/java/dnnc/bench/Compare.java): builds each in a
# temporary worktree, compiles the model with each, and runs both in alternating rounds.
#
#   bench/ab.sh REV_A REV_B [steps BATCH | latency | noise] [MODEL.dnn] [ROUNDS]
#   bench/ab.sh HEAD~1 HEAD steps 32                      # MLP training steps at batch 32, 11 rounds
#   bench/ab.sh main WORK latency bench/models/design_cnn.dnn
#
# WORK stands for the working tree as it is, uncommitted changes included. Needs Java 17, Maven and
# dataset-fashion-mnist (the models' data blocks name its files).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
a=$1 b=$2 mode=${3:-steps}
shift $(( $# < 3 ? $# : 3 ))
batch=
if [ "$mode" = steps ]; then batch=${1:-128}; shift $(( $# < 1 ? $# : 1 )); fi
model=${1:-bench/models/design_mlp.dnn}
rounds=${2:-11}
work=$(mktemp -d "${TMPDIR:-/tmp}/dnnc-ab.XXXXXX")
cleanup() {
    for side in a b; do
        if [ -d "$work/$side/.git" ] || [ -f "$work/$side/.git" ]; then
            git -C "$here" worktree remove --force "$work/$side" >/dev/null 2>&1 || true
        fi
    done
    rm -rf "$work"
}
trap cleanup EXIT

build() {   # build REV DIR: the runtime and compiler of REV in DIR, and the model jar DIR/model.jar
    local rev=$1 dir=$2
    if [ "$rev" = WORK ]; then
        dir=$here
    else
        git -C "$here" worktree add -q --detach "$dir" "$rev"
    fi
    (cd "$dir" && mvn -q -B -ntp -DskipTests package) >&2
    "$dir/bin/dnnc" compile "$here/$model" -o "$work/$(basename "$2").jar" >&2
    echo "$dir/runtime/target/classes,$work/$(basename "$2").jar"
}
side_a=$(build "$a" "$work/a")
side_b=$(build "$b" "$work/b")
(cd "$here" && mvn -q -B -ntp -P bench -DskipTests package) >&2
echo "A = $a, B = $b, $mode ${batch:+batch $batch }on $model" >&2
args=("$mode")
[ -n "$batch" ] && args+=("$batch")
compare() {
    java --add-modules jdk.incubator.vector -XX:+UseSerialGC -Xmn48m -cp "$here/bench/target/classes" \
        dnnc.bench.Compare "${args[@]}" "$rounds" "$1" "$2" 2>&1 | grep -v '^WARNING: Using incubator'
}
# The build loaded first runs a few percent faster in the same JVM (HEAD against HEAD: 1.07-1.10), so both orders
# run, in two JVMs, and the geometric mean of B/A and 1/(A/B) cancels that.
ab=$(compare "$side_a" "$side_b")
echo "$ab"
ba=$(compare "$side_b" "$side_a" | sed 's/^A:/B:/; t; s/^B:/A:/; s|^B/A|A/B (B loaded first)|')
echo "$ba"
r1=$(echo "$ab" | sed -n 's|^B/A: median \([0-9.]*\).*|\1|p')
r2=$(echo "$ba" | sed -n 's|^A/B (B loaded first): median \([0-9.]*\).*|\1|p')
awk -v r1="$r1" -v r2="$r2" 'BEGIN { printf "B/A, both orders: %.3f of the time\n", sqrt(r1 / r2) }'
