#!/usr/bin/env bash
# Builds DJL's PyTorch JNI library against a libtorch that is already on this machine (a pip-installed
# torch, a libtorch zip, Debian's python3-torch), and prints the environment that makes InitLab use it:
#
#   eval "$(scripts/own-libtorch.sh --djl ~/src/djl --libtorch "$(python3 -c 'import torch,os;print(os.path.dirname(torch.__file__))')" --out ~/.initlab-torch)"
#   java -jar target/initlab-*.jar
#
# Progress goes to standard error; standard output carries only the `export NAME=value` lines.
set -euo pipefail

usage() {
    cat >&2 <<'USAGE'
usage: scripts/own-libtorch.sh --djl DIR --libtorch DIR --out DIR [options]

  --djl DIR         DJL's source tree at the version InitLab uses (git clone -b v0.36.0 of DJL's repository)
  --libtorch DIR    a libtorch: lib/libtorch.so below it, headers in include/ or installed on the system
                    (for a pip-installed torch, the folder of torch/__init__.py)
  --out DIR         where the build and the JNI library go
  --version X.Y.Z   libtorch's version, if version.py or build-version below --libtorch does not say it
  --flavor NAME     cpu or cuXYZ (cu130 for CUDA 13.0), if it cannot be read from --libtorch
  --jni-header DIR  a folder with ai_djl_pytorch_jni_PyTorchLibrary.h, made by `javac -h` on another
                    machine, where this one has no JDK
  --jobs N          parallel compile jobs (default: every core)
  --dry-run         say what would be built and print the environment, without building
USAGE
    exit 2
}

fail() {
    echo "own-libtorch: $*" >&2
    exit 1
}

say() {
    echo "own-libtorch: $*" >&2
}

main() {
    djl= libtorch= out= version= flavor= header_dir= jobs=$(nproc) dry_run=
    while [[ $# -gt 0 ]]; do
        case $1 in
            --djl) djl=$2; shift 2 ;;
            --libtorch) libtorch=$2; shift 2 ;;
            --out) out=$2; shift 2 ;;
            --version) version=$2; shift 2 ;;
            --flavor) flavor=$2; shift 2 ;;
            --jni-header) header_dir=$2; shift 2 ;;
            --jobs) jobs=$2; shift 2 ;;
            --dry-run) dry_run=1; shift ;;
            -h|--help) usage ;;
            *) echo "own-libtorch: unknown argument '$1'" >&2; usage ;;
        esac
    done
    [[ -n $djl && -n $libtorch && -n $out ]] || usage

    repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    djl=$(cd "$djl" && pwd) || fail "no DJL source tree at '$djl'"
    libtorch=$(cd "$libtorch" && pwd) || fail "no libtorch at '$libtorch'"
    mkdir -p "$out"
    out=$(cd "$out" && pwd)

    # The JNI's symbols must match the DJL jars InitLab runs with.
    wanted_djl=$(sed -n 's:.*<djl.version>\(.*\)</djl.version>.*:\1:p' "$repo/pom.xml")
    native="$djl/engines/pytorch/pytorch-native"
    [[ -f $native/CMakeLists.txt ]] || fail "$djl is not a DJL source tree (no engines/pytorch/pytorch-native/CMakeLists.txt)"
    tree_djl=$(sed -n 's/^djl *= *"\(.*\)"/\1/p' "$djl/gradle/libs.versions.toml" 2>/dev/null || true)
    [[ -z $tree_djl || $tree_djl == "$wanted_djl" ]] \
        || fail "$djl is DJL $tree_djl, InitLab uses DJL $wanted_djl: check out tag v$wanted_djl"

    [[ -e $libtorch/lib/libtorch.so ]] || fail "$libtorch/lib/libtorch.so not found: --libtorch names the folder above lib/"

    if [[ -z $version ]]; then
        if [[ -f $libtorch/version.py ]]; then
            version=$(sed -n "s/^__version__ = '\(.*\)'/\1/p" "$libtorch/version.py")
        elif [[ -f $libtorch/build-version ]]; then
            version=$(cat "$libtorch/build-version")
        fi
        # 2.11.0+cu130 -> 2.11.0; Debian's 1.13.0a0 -> 1.13.0
        version=$(sed -E 's/^([0-9]+\.[0-9]+\.[0-9]+).*/\1/' <<<"$version")
    fi
    [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "cannot tell libtorch's version from $libtorch: give --version X.Y.Z"

    cuda=
    if [[ -e $libtorch/lib/libtorch_cuda.so ]]; then
        cuda=1
        if [[ -z $flavor ]]; then
            cuda_version=
            if [[ -f $libtorch/version.py ]]; then
                cuda_version=$(sed -n "s/^cuda: .*= '\(.*\)'/\1/p; s/^cuda = '\(.*\)'/\1/p" "$libtorch/version.py")
            elif [[ -f $libtorch/build-version ]]; then
                cuda_version=$(sed -n 's/.*+cu\([0-9]*\)$/\1/p' "$libtorch/build-version")
            fi
            [[ -n $cuda_version ]] || fail "libtorch has CUDA but its CUDA version is not written below $libtorch: give --flavor cuXYZ"
            flavor=cu$(tr -d . <<<"$cuda_version")
        fi
    else
        flavor=${flavor:-cpu}
    fi
    [[ $flavor == cpu* || -n $cuda ]] || fail "--flavor $flavor names CUDA, but $libtorch/lib has no libtorch_cuda.so"

    # DJL's own build switches the same way (build.sh): torch 1.13 to 2.1 lack <variant> in their API.
    pt_version=
    case $version in
        1.13.*|2.0.*|2.1.*) pt_version=V1_13_X ;;
        1.*) fail "libtorch $version is older than DJL $wanted_djl's JNI supports (1.13 and newer)" ;;
    esac

    arch=$(uname -m)
    [[ $arch == aarch64 ]] || arch=x86_64
    # LibUtils looks for <cache>/pytorch/<version>-<flavor>-<classifier>/<djl version>-libdjl_torch.so.
    jni_dir="$out/cache/pytorch/$version-$flavor-linux-$arch"
    say "DJL $wanted_djl's PyTorch JNI for libtorch $version ($flavor${pt_version:+, $pt_version}) goes to $jni_dir"
    [[ -n $dry_run ]] || build_jni

    echo "export PYTORCH_LIBRARY_PATH='$libtorch/lib'"
    echo "export PYTORCH_VERSION='$version'"
    echo "export PYTORCH_FLAVOR='$flavor'"
    echo "export ENGINE_CACHE_DIR='$out/cache'"
    if [[ -n $cuda ]]; then
        # DJL counts GPUs and reads their memory through libcudart (CudaUtils, over JNA, which asks for
        # plain libcudart.so): a link to the runtime that libtorch loads, in a folder of its own.
        cudart=$(find "$libtorch/lib" "$libtorch/../nvidia" -name 'libcudart.so*' 2>/dev/null | sort | tail -n 1 || true)
        if [[ -n $cudart ]]; then
            [[ -n $dry_run ]] || { mkdir -p "$out/lib" && ln -sfn "$(readlink -f "$cudart")" "$out/lib/libcudart.so"; }
            echo "export LD_LIBRARY_PATH='$out/lib'\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}"
        else
            say "no libcudart next to libtorch: DJL finds the system's, if it has one"
        fi
    fi
}

build_jni() {
    header=ai_djl_pytorch_jni_PyTorchLibrary.h
    mkdir -p "$out/jni-include"
    if [[ -n $header_dir ]]; then
        [[ -f $header_dir/$header ]] || fail "no $header in $header_dir"
        cp "$header_dir/$header" "$out/jni-include/"
    else
        javac=${JAVA_HOME:+$JAVA_HOME/bin/}javac
        command -v "$javac" >/dev/null || fail "no javac to write the JNI header: install a JDK or give --jni-header"
        say "writing the JNI header with $javac"
        engine_src="$djl/engines/pytorch/pytorch-engine/src/main/java"
        "$javac" -h "$out/jni-include" -d "$out/jni-classes" -sourcepath "$engine_src" \
            "$engine_src/ai/djl/pytorch/jni/PyTorchLibrary.java" >&2
    fi

    torch_dir=
    for candidate in "$libtorch/share/cmake/Torch" "$libtorch/lib/cmake/Torch"; do
        [[ -f $candidate/TorchConfig.cmake ]] && torch_dir=$candidate && break
    done
    [[ -n $torch_dir ]] || say "no TorchConfig.cmake below $libtorch: CMake looks for an installed one (Debian's libtorch-dev)"

    build="$out/build"
    say "building DJL $wanted_djl's PyTorch JNI against libtorch $version ($flavor) in $build, $jobs jobs"
    cuda_options=()
    if [[ -n $cuda ]]; then
        # torch's CMake config looks for the toolkit's nvcc and NVTX 3 headers
        nvcc=$(command -v nvcc || ls /usr/local/cuda/bin/nvcc 2>/dev/null || true)
        [[ -n $nvcc ]] || fail "libtorch has CUDA, but no nvcc is on PATH or in /usr/local/cuda/bin: install the CUDA toolkit"
        cuda_options=(-DCUDAToolkit_ROOT="$(dirname "$(dirname "$(readlink -f "$nvcc")")")" -DUSE_SYSTEM_NVTX=ON)
    fi
    cmake -S "$native" -B "$build" -DCMAKE_BUILD_TYPE=Release \
        ${torch_dir:+-DTorch_DIR="$torch_dir"} -DPT_VERSION="$pt_version" -DUSE_CUDA="$cuda" "${cuda_options[@]}" \
        -DCMAKE_CXX_FLAGS="-I$out/jni-include" >&2
    cmake --build "$build" -j "$jobs" >&2
    library="$build/libdjl_torch.so"
    if [[ -n $cuda ]] && readelf -d "$library" | grep -q -E 'NEEDED.*lib(cudart|nvrtc)'; then
        # As DJL's build.sh does: use the CUDA runtime that libtorch loads, not the toolkit's.
        say "relinking without the toolkit's libcudart/libnvrtc"
        sed -i -E 's#[^ ]*/lib(cudart|nvrtc)\.so[.0-9]*##g' "$build/CMakeFiles/djl_torch.dir/link.txt"
        rm "$library"
        (cd "$build" && bash CMakeFiles/djl_torch.dir/link.txt)
    fi

    mkdir -p "$jni_dir"
    cp "$library" "$jni_dir/$wanted_djl-libdjl_torch.so"
    say "JNI library: $jni_dir/$wanted_djl-libdjl_torch.so"
}

main "$@"
