package dev.initlab.training.data;

/**
 * Bilinear resizing as Pillow does it: a triangle filter whose support widens with the shrink
 * factor, so shrinking averages every source pixel it covers instead of sampling a few (antialiasing).
 * Rows are resampled first, straight from the bytes, then columns.
 */
final class Resize {

    private Resize() {
    }

    /** Scales {@code image}, keeping its aspect ratio, so that its shorter side is {@code side}. */
    static Pixels shorterSideTo(Pixels image, int side) {
        int width = image.width();
        int height = image.height();
        if (width <= height) {
            height = (int) Math.round((double) height * side / width);
            width = side;
        } else {
            width = (int) Math.round((double) width * side / height);
            height = side;
        }
        return to(image, width, height);
    }

    static Pixels to(Pixels image, int width, int height) {
        if (width == image.width() && height == image.height()) {
            return image;
        }
        float[] rowsResized = resampleRows(image, width);
        byte[] out = resampleColumns(rowsResized, width * image.channels(), image.height(), height);
        return new Pixels(width, height, image.channels(), out);
    }

    /** Resamples each row of {@code image} to {@code newWidth}, reading its bytes directly. */
    private static float[] resampleRows(Pixels image, int newWidth) {
        Weights weights = Weights.of(image.width(), newWidth);
        int channels = image.channels();
        byte[] in = image.data();
        float[] out = new float[newWidth * image.height() * channels];
        for (int y = 0; y < image.height(); y++) {
            int rowStart = y * image.width() * channels;
            for (int x = 0; x < newWidth; x++) {
                float[] taps = weights.taps[x];
                int first = rowStart + weights.first[x] * channels;
                for (int c = 0; c < channels; c++) {
                    float sum = 0;
                    for (int k = 0; k < taps.length; k++) {
                        sum += taps[k] * (in[first + k * channels + c] & 0xFF);
                    }
                    out[(y * newWidth + x) * channels + c] = sum;
                }
            }
        }
        return out;
    }

    /** Resamples the columns of rows {@code rowLength} floats long from {@code oldHeight} to {@code newHeight}. */
    private static byte[] resampleColumns(float[] in, int rowLength, int oldHeight, int newHeight) {
        Weights weights = Weights.of(oldHeight, newHeight);
        byte[] out = new byte[rowLength * newHeight];
        for (int y = 0; y < newHeight; y++) {
            float[] taps = weights.taps[y];
            int first = weights.first[y] * rowLength;
            for (int i = 0; i < rowLength; i++) {
                float sum = 0;
                for (int k = 0; k < taps.length; k++) {
                    sum += taps[k] * in[first + k * rowLength + i];
                }
                out[y * rowLength + i] = (byte) Math.max(0, Math.min(255, Math.round(sum)));
            }
        }
        return out;
    }

    /** For each output position: the first source position it reads and the normalised filter taps. */
    private record Weights(int[] first, float[][] taps) {

        static Weights of(int oldLength, int newLength) {
            double scale = (double) oldLength / newLength;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale;
            int[] first = new int[newLength];
            float[][] taps = new float[newLength][];
            for (int i = 0; i < newLength; i++) {
                double centre = (i + 0.5) * scale;
                int min = Math.max((int) (centre - support + 0.5), 0);
                int max = Math.min((int) (centre + support + 0.5), oldLength);
                double[] raw = new double[max - min];
                double total = 0;
                for (int k = 0; k < raw.length; k++) {
                    raw[k] = Math.max(0, 1 - Math.abs((min + k - centre + 0.5) / filterScale));
                    total += raw[k];
                }
                taps[i] = new float[raw.length];
                for (int k = 0; k < raw.length; k++) {
                    taps[i][k] = (float) (raw[k] / total);
                }
                first[i] = min;
            }
            return new Weights(first, taps);
        }
    }
}
