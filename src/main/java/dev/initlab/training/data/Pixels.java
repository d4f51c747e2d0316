package dev.initlab.training.data;

/** A decoded image: {@code width} × {@code height} pixels of {@code channels} bytes each, row by row. */
record Pixels(int width, int height, int channels, byte[] data) {

    Pixels {
        if (data.length != width * height * channels) {
            throw new IllegalArgumentException("Expected " + width * height * channels + " bytes, got " + data.length);
        }
    }
}
