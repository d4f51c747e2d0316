package dev.initlab.limits;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** A limit that could refuse everything, or nothing Tomcat can count, stops the application at start. */
class LimitsPropertiesTest {

    private static final DataSize ONE_MB = DataSize.ofMegabytes(1);

    @Test
    void eachLimitMustBeAtLeastOneAndSaysWhichItIs() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LimitsProperties(0, 5000, ONE_MB, 200, 8))
                .withMessage("initlab.limits.runs-per-experiment must be at least 1, not 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LimitsProperties(100, -1, ONE_MB, 200, 8))
                .withMessage("initlab.limits.queued-run-epochs must be at least 1, not -1");
        assertThatIllegalArgumentException().isThrownBy(() -> new LimitsProperties(100, 5000, DataSize.ofBytes(0), 200, 8))
                .withMessage("initlab.limits.max-request-body must be at least 1, not 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LimitsProperties(100, 5000, ONE_MB, 0, 8))
                .withMessage("initlab.limits.progress-streams must be at least 1, not 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LimitsProperties(100, 5000, ONE_MB, 200, 0))
                .withMessage("initlab.limits.progress-streams-per-client must be at least 1, not 0");
    }

    @Test
    void requestBodyLimitMustFitTomcatsCounters() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LimitsProperties(100, 5000, DataSize.ofGigabytes(2), 200, 8))
                .withMessage("initlab.limits.max-request-body must be less than 2GB");
    }
}
