package dev.initlab.training.data;

/**
 * Bilinear resizing as Pillow does it: a triangle filter whose support widens with the shrink
 * factor, so shrinking averages every source pixel it covers instead of sampling a few (antialiasing).
 * Rows and columns are resampled separately.
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
        int channels = image.channels();
        float[] source = new float[image.data().length];
        for (int i = 0; i < source.length; i++) {
            source[i] = image.data()[i] & 0xFF;
        }
        float[] rows = resampleAxis(source, image.width(), image.height(), channels, width, true);
        float[] both = resampleAxis(rows, width, image.height(), channels, height, false);
        byte[] out = new byte[both.length];
        for (int i = 0; i < both.length; i++) {
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(both[i])));
        }
        return new Pixels(width, height, channels, out);
    }

    /** Resamples along x ({@code horizontal}) or y from {@code width} × {@code height} to {@code newLength}. */
    private static float[] resampleAxis(float[] in, int width, int height, int channels, int newLength, boolean horizontal) {
        int oldLength = horizontal ? width : height;
        Weights weights = Weights.of(oldLength, newLength);
        int outWidth = horizontal ? newLength : width;
        int outHeight = horizontal ? height : newLength;
        float[] out = new float[outWidth * outHeight * channels];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                int target = horizontal ? x : y;
                int first = weights.first[target];
                float[] taps = weights.taps[target];
                for (int c = 0; c < channels; c++) {
                    float sum = 0;
                    for (int k = 0; k < taps.length; k++) {
                        int sourceX = horizontal ? first + k : x;
                        int sourceY = horizontal ? y : first + k;
                        sum += taps[k] * in[(sourceY * width + sourceX) * channels + c];
                    }
                    out[(y * outWidth + x) * channels + c] = sum;
                }
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
