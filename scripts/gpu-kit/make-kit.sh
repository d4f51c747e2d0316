#!/usr/bin/env bash
# Packs what the GPU benchmark needs on a machine with a GPU, torch and a C++ toolchain but no Java and
# no network: a small Java runtime (jlink), InitLab's training classes and TrainingBenchmark (no
# Spring) with TrainingBenchmark and GpuOutOfMemoryCheck, DJL's API and PyTorch engine jars with their few dependencies, and the part of DJL's source
# tree that builds the PyTorch JNI, with its JNI header already written. run-kit.sh, on that machine,
# builds the JNI against its torch and runs the benchmarks.
#
#   scripts/gpu-kit/make-kit.sh --djl ~/src/djl [--kit target/gpu-kit]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
djl= kit="$repo/target/gpu-kit"
while [[ $# -gt 0 ]]; do
    case $1 in
        --djl) djl=$2; shift 2 ;;
        --kit) kit=$2; shift 2 ;;
        *) echo "usage: scripts/gpu-kit/make-kit.sh --djl DJL_SOURCE_TREE [--kit DIR]" >&2; exit 2 ;;
    esac
done
[[ -n $djl && -f $djl/engines/pytorch/pytorch-native/CMakeLists.txt ]] \
    || { echo "make-kit: --djl must name DJL's source tree (git clone -b v0.36.0)" >&2; exit 2; }

cd "$repo"
rm -rf "$kit"
mkdir -p "$kit/lib" "$kit/conf" "$kit/djl"

echo "make-kit: compiling InitLab" >&2
./mvnw -q -B -DskipTests test-compile
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$kit/classpath.txt" >/dev/null

# The training code's jars, and nothing of Spring or the bundled libtorch (pytorch-native-*, pytorch-jni).
tr ':' '\n' <"$kit/classpath.txt" \
    | grep -E '/(api|pytorch-engine|gson|jna|commons-compress|commons-io|commons-codec|commons-lang3|slf4j-api|logback-classic|logback-core)-[0-9][^/]*\.jar$' \
    | grep -v -E '/(jakarta|micrometer|opentelemetry)' \
    | xargs -I{} cp {} "$kit/lib/"
rm "$kit/classpath.txt"
(cd target/classes && jar --create --file "$kit/lib/initlab-training.jar" dev/initlab/training)
(cd target/test-classes && jar --update --file "$kit/lib/initlab-training.jar" \
    dev/initlab/training/TrainingBenchmark*.class dev/initlab/training/GpuOutOfMemoryCheck*.class)
cat >"$kit/conf/logback.xml" <<'XML'
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="out"/></root>
</configuration>
XML

# Only the modules those jars use; the runtime keeps include/ (jni.h), which the JNI's CMake build needs.
# Uncompressed and then xz'd, it travels in a third of jlink's own --compress=2 (17 MB, not 50).
modules=$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$kit"/lib/*.jar)
echo "make-kit: jlink $modules, then xz" >&2
jlink --add-modules "$modules,jdk.unsupported" --strip-debug --no-man-pages --output "$kit/java"
tar -C "$kit" -c java | xz -T0 >"$kit/java.tar.xz"
rm -rf "$kit/java"

# DJL's JNI sources (no Java, no build system but its CMakeLists) and the header javac writes for them.
(cd "$djl" && tar -c engines/pytorch/pytorch-native/CMakeLists.txt engines/pytorch/pytorch-native/src/main/native \
    api/src/main/native gradle/libs.versions.toml) | tar -x -C "$kit/djl"
engine_src="$djl/engines/pytorch/pytorch-engine/src/main/java"
javac -h "$kit/jni-include" -d "$kit/jni-classes" -sourcepath "$engine_src" \
    "$engine_src/ai/djl/pytorch/jni/PyTorchLibrary.java"
rm -rf "$kit/jni-classes"

du -sh "$kit" "$kit"/* >&2
