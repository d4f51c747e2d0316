package dev.initlab.training;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * scripts/own-libtorch.sh up to the build: what it reads from a DJL tree and a libtorch, what it refuses,
 * and the environment it prints ({@code --dry-run}). The build itself needs DJL's sources, which the
 * repository does not carry; README's "Running on your own libtorch" says where it was run.
 */
class OwnLibtorchScriptTest {

    private static final Path SCRIPT = Path.of("scripts/own-libtorch.sh").toAbsolutePath();

    @TempDir
    Path dir;
    private Path djl;
    private Path torch;

    private record Result(int exitCode, String out, String err) {
    }

    @BeforeEach
    void aDjlTreeAndAPipTorch() throws IOException {
        djl = dir.resolve("djl");
        Files.createDirectories(djl.resolve("engines/pytorch/pytorch-native"));
        Files.writeString(djl.resolve("engines/pytorch/pytorch-native/CMakeLists.txt"), "project(djl_torch)\n");
        Files.createDirectories(djl.resolve("gradle"));
        Files.writeString(djl.resolve("gradle/libs.versions.toml"), "[versions]\ndjl = \"0.36.0\"\npytorch = \"2.7.1\"\n");
        torch = dir.resolve("site-packages/torch");
        Files.createDirectories(torch.resolve("lib"));
        Files.createFile(torch.resolve("lib/libtorch.so"));
        Files.writeString(torch.resolve("version.py"), "__version__ = '2.11.0+cpu'\ndebug = False\ncuda: Optional[str] = None\n");
    }

    private Result run(String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--djl", djl.toString(),
                "--libtorch", torch.toString(), "--out", dir.resolve("out").toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve("err").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out, Files.readString(dir.resolve("err")));
    }

    @Test
    void aPipTorchForTheCpuGivesItsVersionAndTheCpuFlavor() throws Exception {
        Result result = run("--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("""
                export PYTORCH_LIBRARY_PATH='%s/lib'
                export PYTORCH_VERSION='2.11.0'
                export PYTORCH_FLAVOR='cpu'
                export ENGINE_CACHE_DIR='%s/out/cache'
                """.formatted(torch, dir));
        assertThat(result.err()).contains("pytorch/2.11.0-cpu-linux-");
    }

    @Test
    void aCudaTorchGetsItsCudaFlavorAndALinkToItsCudaRuntime() throws Exception {
        Files.createFile(torch.resolve("lib/libtorch_cuda.so"));
        Files.writeString(torch.resolve("version.py"), "__version__ = '2.11.0+cu130'\ncuda: Optional[str] = '13.0'\n");
        Path runtime = dir.resolve("site-packages/nvidia/cu13/lib");
        Files.createDirectories(runtime);
        Files.createFile(runtime.resolve("libcudart.so.13"));

        Result result = run("--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("export PYTORCH_VERSION='2.11.0'", "export PYTORCH_FLAVOR='cu130'",
                "export LD_LIBRARY_PATH='" + dir + "/out/lib'${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}");
    }

    @Test
    void debiansTorchIsBuiltWithDjlsSwitchForTorch113() throws Exception {
        Files.writeString(torch.resolve("version.py"), "__version__ = '1.13.0a0'\ncuda = None\n");

        Result result = run("--dry-run");

        assertThat(result.out()).contains("export PYTORCH_VERSION='1.13.0'");
        assertThat(result.err()).contains("libtorch 1.13.0 (cpu, V1_13_X)");
    }

    @Test
    void aFolderWithoutLibtorchIsRefusedNamingWhatIsMissing() throws Exception {
        Files.delete(torch.resolve("lib/libtorch.so"));

        Result result = run("--dry-run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains(torch + "/lib/libtorch.so not found: --libtorch names the folder above lib/");
    }

    @Test
    void aDjlTreeOfAnotherVersionIsRefused() throws Exception {
        Files.writeString(djl.resolve("gradle/libs.versions.toml"), "[versions]\ndjl = \"0.35.0\"\n");

        Result result = run("--dry-run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("is DJL 0.35.0, InitLab uses DJL 0.36.0: check out tag v0.36.0");
    }

    @Test
    void aTorchOlderThanTheJniSupportsIsRefused() throws Exception {
        Files.writeString(torch.resolve("version.py"), "__version__ = '1.12.1'\n");

        Result result = run("--dry-run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("libtorch 1.12.1 is older than DJL 0.36.0's JNI supports (1.13 and newer)");
    }

    @Test
    void aVersionItCannotReadMustBeGiven() throws Exception {
        Files.delete(torch.resolve("version.py"));

        assertThat(run("--dry-run").err()).contains("give --version X.Y.Z");
        assertThat(run("--dry-run", "--version", "2.7.1").out()).contains("export PYTORCH_VERSION='2.7.1'");
    }
}
