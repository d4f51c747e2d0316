#!/usr/bin/env bash
# Runs on the GPU machine, from the repository's root, with the kit that make-kit.sh packed in
# target/gpu-kit: unpacks its Java runtime, builds DJL's PyTorch JNI against that machine's torch
# (scripts/own-libtorch.sh), then runs TrainingBenchmark on synthetic images at each size with 1, 2, 4
# and 8 runs at once on the device, and bench/gpu_peer.py (plain PyTorch, same model, batch and
# recipe) on the same card, and GpuOutOfMemoryCheck (a CUDA out-of-memory error beside a training run).
# Everything stops by KIT_DEADLINE seconds; logs go to $OUT (or
# /tmp/gpu-kit-out). The peer runs even if the JNI does not build.
#
# Settings (environment): KIT_PYTHON (python3), KIT_TORCH (the folder of that Python's torch),
# KIT_DEVICE (gpu0), KIT_PEER_DEVICE (cuda), KIT_SIZES ("32 128"), KIT_RUNS ("1 2 4 8"),
# KIT_EPOCHS ("5 4", one per size), KIT_STEPS (which of "initlab peer oom" to run; all by default),
# KIT_STEP_LIMIT (seconds for one step, 120), KIT_DEADLINE (540).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
kit=target/gpu-kit
out=${OUT:-/tmp/gpu-kit-out}
mkdir -p "$out"
python=${KIT_PYTHON:-python3}
device=${KIT_DEVICE:-gpu0}
read -r -a sizes <<<"${KIT_SIZES:-32 128}"
read -r -a run_counts <<<"${KIT_RUNS:-1 2 4 8}"
read -r -a epochs <<<"${KIT_EPOCHS:-5 4}"
step_limit=${KIT_STEP_LIMIT:-120}
deadline=${KIT_DEADLINE:-540}
steps=" ${KIT_STEPS:-initlab peer oom} "
started=$SECONDS

stamp() {
    echo "== $(date +%T) +$((SECONDS - started))s $*"
}

# Seconds the next step may take: its own limit, or what is left before the deadline; 0 when too little is left.
budget() {
    local left=$((deadline - (SECONDS - started)))
    ((left < 20)) && echo 0 && return
    echo $((left < step_limit ? left : step_limit))
}

# Runs a command under `timeout`, sampling the card's memory in use (nvidia-smi) meanwhile when there is one.
measured() {
    local limit
    limit=$(budget)
    if ((limit == 0)); then
        echo "skipped: the deadline is near"
        return
    fi
    local sampler=
    if command -v nvidia-smi >/dev/null; then
        nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -lms 250 >/tmp/gpu-kit-memory 2>/dev/null &
        sampler=$!
    fi
    timeout "$limit" "$@" 2>&1
    echo "exit $?"
    if [[ -n $sampler ]]; then
        kill "$sampler" 2>/dev/null
        wait "$sampler" 2>/dev/null
        echo "nvidia-smi: peak memory used on the card $(sort -n /tmp/gpu-kit-memory | tail -n 1) MiB"
    fi
}

stamp "machine"
nproc
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used --format=csv
torch_dir=${KIT_TORCH:-$("$python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')} || exit 1
"$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())'

stamp "unpacking the Java runtime"
rm -rf /tmp/gpu-kit-java && mkdir -p /tmp/gpu-kit-java
xz -dc "$kit/java.tar.xz" | tar -x -C /tmp/gpu-kit-java || exit 1
export JAVA_HOME=/tmp/gpu-kit-java/java
"$JAVA_HOME/bin/java" -version 2>&1 | head -n 1

stamp "building DJL's PyTorch JNI against $torch_dir"
# the JNI holds no CUDA kernels: naming the card's architecture spares torch's CMake config probing it
export TORCH_CUDA_ARCH_LIST=${TORCH_CUDA_ARCH_LIST:-9.0}
env_file="$out/own-libtorch.env"
jni=built
if ! scripts/own-libtorch.sh --djl "$kit/djl" --libtorch "$torch_dir" --out /tmp/gpu-kit-torch \
        --jni-header "$kit/jni-include" >"$env_file" 2>"$out/jni-build.log"; then
    jni=failed
    grep -E -i 'error|fatal' "$out/jni-build.log" | head -n 60
    tail -n 40 "$out/jni-build.log"
    stamp "JNI build failed: InitLab's benchmarks are skipped, the peer still runs"
else
    tail -n 3 "$out/jni-build.log"
    cat "$env_file"
    eval "$(cat "$env_file")"
fi

if [[ $jni == built && $steps == *" initlab "* ]]; then
    for i in "${!sizes[@]}"; do
        for runs in "${run_counts[@]}"; do
            stamp "InitLab, ${sizes[$i]} px, $runs run(s) at once on $device"
            measured "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "$kit/conf:$kit/lib/*" \
                -Dbench.dataset=synthetic -Dbench.data=/tmp/gpu-kit-data -Dbench.device="$device" \
                -Dbench.batch=64 -Dbench.train=1600 -Dbench.valid=200 -Dbench.steps=20 \
                -Dbench.size="${sizes[$i]}" -Dbench.runs="$runs" -Dbench.epochs="${epochs[$i]}" \
                dev.initlab.training.TrainingBenchmark | tee -a "$out/initlab.log" | grep -v -E ' (INFO|DEBUG) '
        done
    done
fi

if [[ $jni == built && $steps == *" oom "* ]]; then
    stamp "a CUDA out-of-memory error beside a training run"
    measured "$JAVA_HOME/bin/java" -Xmx6g -cp "$kit/conf:$kit/lib/*" dev.initlab.training.GpuOutOfMemoryCheck \
        "$device" /tmp/gpu-kit-data | tee -a "$out/oom-check.log" | grep -v -E ' (INFO|DEBUG) '
fi

[[ $steps == *" peer "* ]] && for i in "${!sizes[@]}"; do
    stamp "plain PyTorch peer, ${sizes[$i]} px"
    measured "$python" bench/gpu_peer.py --size "${sizes[$i]}" --epochs "${epochs[$i]}" \
        --runs "$(tr ' ' , <<<"${run_counts[*]}")" --device "${KIT_PEER_DEVICE:-cuda}" | tee -a "$out/peer.log"
done
stamp "done"
