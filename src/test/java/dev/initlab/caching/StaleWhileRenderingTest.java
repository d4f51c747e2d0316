package dev.initlab.caching;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** While a page's new version renders, readers get the newest version rendered before it, never an older one. */
class StaleWhileRenderingTest {

    private static final String PAGE = "experiments page 1 viewer=anonymous";

    private final VersionedResponses responses = new VersionedResponses(DataSize.ofMegabytes(1));

    @Test
    void anOlderRenderFinishingLastDoesNotReplaceTheNewerCopy() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        long firstRead = responses.nextReadOrder();
        CompletableFuture<String> first = CompletableFuture.supplyAsync(
                () -> send("1", firstRead, firstStarted, releaseFirst));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        String second = send("2", responses.nextReadOrder(), new CountDownLatch(1), new CountDownLatch(0));
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);

        CountDownLatch thirdStarted = new CountDownLatch(1);
        CountDownLatch releaseThird = new CountDownLatch(1);
        long thirdRead = responses.nextReadOrder();
        CompletableFuture<String> third = CompletableFuture.supplyAsync(
                () -> send("3", thirdRead, thirdStarted, releaseThird));
        assertThat(thirdStarted.await(10, TimeUnit.SECONDS)).isTrue();
        String whileTheThirdRenders = send("3", responses.nextReadOrder(), new CountDownLatch(1), new CountDownLatch(0));
        releaseThird.countDown();

        assertThat(second).isEqualTo("version 2");
        assertThat(whileTheThirdRenders).isEqualTo("version 2");
        assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("version 3");
    }

    /** The page's text as sent for {@code version}; a render of it says it {@code started}, then waits for {@code release}. */
    private String send(String version, long readOrder, CountDownLatch started, CountDownLatch release) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            responses.sendRendered(new MockHttpServletRequest("GET", "/experiments/1"), response, PAGE, version,
                    readOrder, (into, placeholder) -> {
                        started.countDown();
                        await(release);
                        into.setContentType("text/html");
                        into.getOutputStream().write(("version " + version).getBytes(StandardCharsets.UTF_8));
                        return true;
                    }, () -> "token");
            return response.getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch release) {
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
