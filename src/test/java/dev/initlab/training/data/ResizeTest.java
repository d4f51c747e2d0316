package dev.initlab.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void shorterSideBecomesTheSizeAndTheAspectRatioIsKept() {
        assertThat(size(Resize.shorterSideTo(grey(30, 20, (x, y) -> 0), 10))).containsExactly(15, 10);
        assertThat(size(Resize.shorterSideTo(grey(20, 30, (x, y) -> 0), 10))).containsExactly(10, 15);
        assertThat(size(Resize.shorterSideTo(grey(28, 28, (x, y) -> 0), 32))).containsExactly(32, 32);
    }

    @Test
    void shrinkingAveragesEverySourcePixel() {
        Pixels checkerboard = grey(8, 8, (x, y) -> (x + y) % 2 == 0 ? 0 : 255);

        Pixels shrunk = Resize.to(checkerboard, 2, 2);

        for (byte value : shrunk.data()) {
            assertThat(value & 0xFF).isBetween(127, 128);
        }
    }

    @Test
    void sameSizeIsUnchangedAndFlatImagesStayFlat() {
        Pixels gradient = grey(5, 5, (x, y) -> 40 * x + y);
        assertThat(Resize.to(gradient, 5, 5)).isSameAs(gradient);

        Pixels grown = Resize.to(grey(3, 3, (x, y) -> 77), 7, 5);
        for (byte value : grown.data()) {
            assertThat(value & 0xFF).isEqualTo(77);
        }
    }

    private interface Shade {
        int at(int x, int y);
    }

    private static Pixels grey(int width, int height, Shade shade) {
        byte[] data = new byte[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                data[y * width + x] = (byte) shade.at(x, y);
            }
        }
        return new Pixels(width, height, 1, data);
    }

    private static int[] size(Pixels image) {
        return new int[] {image.width(), image.height()};
    }
}
