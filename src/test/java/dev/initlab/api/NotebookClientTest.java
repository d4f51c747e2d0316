package dev.initlab.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.initlab.support.IntegrationTest;
import dev.initlab.support.WithWorkers;
import org.junit.jupiter.api.Test;

/** The README's notebook example, run by Debian's python3 against this running InitLab. */
@WithWorkers
class NotebookClientTest extends IntegrationTest {

    @Test
    void standardLibraryClientSubmitsWaitsAndReadsCsvAndComparison() throws IOException, InterruptedException {
        String python = Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        Process client = new ProcessBuilder(python, "examples/notebook_client.py", "http://localhost:" + port)
                .redirectErrorStream(true).start();
        boolean exited = client.waitFor(10, TimeUnit.MINUTES);
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(exited).as(output).isTrue();
        assertThat(client.exitValue()).as(output).isZero();
        assertThat(output).contains("verdict: ").endsWith("ok\n");
    }
}
