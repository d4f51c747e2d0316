package dev.initlab.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.initlab.support.Accounts;
import dev.initlab.support.ChildInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * InitLab started as docker-compose starts it, with its users in INITLAB_AUTH_USERS_n_* environment
 * variables, and the README's notebook client passing an editor's name and password.
 */
class SignInFromEnvironmentTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dataDir;

    @Test
    void usersFromEnvironmentVariablesSignInAndTheNotebookClientPassesAnEditorsCredentials() throws Exception {
        try (ChildInstance instance = ChildInstance.start(dataDir, Map.of(
                "INITLAB_AUTH_USERS_0_NAME", Accounts.EDITOR,
                "INITLAB_AUTH_USERS_0_PASSWORD", Accounts.EDITOR_HASH,
                "INITLAB_AUTH_USERS_0_ROLE", "editor",
                "INITLAB_AUTH_USERS_1_NAME", Accounts.VIEWER,
                "INITLAB_AUTH_USERS_1_PASSWORD", Accounts.VIEWER_HASH,
                "INITLAB_AUTH_USERS_1_ROLE", "viewer"),
                "--initlab.worker.enabled=true", "--initlab.worker.runs-per-device=1")) {
            String experiments = instance.baseUrl() + "/api/experiments";

            assertThat(call(experiments, null).statusCode()).isEqualTo(401);
            assertThat(call(experiments, Accounts.basic(Accounts.VIEWER, Accounts.VIEWER_PASSWORD)).statusCode())
                    .isEqualTo(200);
            assertThat(instance.log()).doesNotContain("listens on 127.0.0.1 only");

            NotebookRun withoutAccount = runNotebookClient(instance, Map.of());
            NotebookRun asEditor = runNotebookClient(instance, Map.of(
                    "INITLAB_USER", Accounts.EDITOR, "INITLAB_PASSWORD", Accounts.EDITOR_PASSWORD));

            assertThat(withoutAccount.exitCode()).as(withoutAccount.output()).isNotZero();
            assertThat(withoutAccount.output()).contains("HTTP Error 401");
            assertThat(asEditor.exitCode()).as(asEditor.output()).isZero();
            assertThat(asEditor.output()).contains("verdict: ").endsWith("ok\n");
        }
    }

    private static HttpResponse<String> call(String url, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private record NotebookRun(int exitCode, String output) {
    }

    private static NotebookRun runNotebookClient(ChildInstance instance, Map<String, String> environment)
            throws IOException, InterruptedException {
        String python = Files.exists(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        ProcessBuilder builder = new ProcessBuilder(python, "examples/notebook_client.py", instance.baseUrl())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process client = builder.start();
        boolean exited = client.waitFor(10, TimeUnit.MINUTES);
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(exited).as(output).isTrue();
        return new NotebookRun(client.exitValue(), output);
    }
}
