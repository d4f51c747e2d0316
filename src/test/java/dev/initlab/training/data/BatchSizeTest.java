package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchSizeTest {

    @Test
    void floatCountIsExactWhereIntArithmeticWouldOverflow() {
        assertThat(BatchSize.batchFloats(1024, 1024)).isEqualTo(3_221_225_472L);
    }

    @Test
    void batchBeyondOneFloatArrayIsAProblemAndOneWithinIsNot() {
        assertThat(BatchSize.problemWith(1024, 1024)).hasValueSatisfying(problem -> assertThat(problem)
                .contains("1024 images", "1024 px", "3221225472", String.valueOf(BatchSize.MAX_BATCH_FLOATS)));
        assertThat(BatchSize.problemWith(512, 224)).isEmpty();
    }
}
