package dev.initlab.training.data;

import java.util.List;
import java.util.Random;

/**
 * A small generated dataset for demos and tests: four classes, each a shape in its own colour
 * (red disc, green square, blue cross, yellow ring) at a random place and size on a noisy dark
 * background. Every image is fixed by its split and index alone, never by a run's seed, and is drawn
 * directly at the requested size.
 */
final class SyntheticImages {

    static final String NAME = "synthetic";
    static final List<String> CLASS_NAMES = List.of("red disc", "green square", "blue cross", "yellow ring");

    static final int TRAIN_SIZE = 1600;
    static final int VALID_SIZE = 200;
    private static final int[][] COLOURS = {{220, 40, 40}, {40, 200, 60}, {50, 80, 230}, {230, 210, 40}};

    private SyntheticImages() {
    }

    static SourceDataset open(int side) {
        return new SourceDataset(NAME, CLASS_NAMES,
                new GeneratedSplit("train", TRAIN_SIZE, side, 1L), new GeneratedSplit("valid", VALID_SIZE, side, 2L));
    }

    private record GeneratedSplit(String splitName, int size, int side, long splitSalt) implements SourceSplit {

        @Override
        public int label(int index) {
            return index % CLASS_NAMES.size();
        }

        @Override
        public String id(int index) {
            return splitName + "/" + index;
        }

        @Override
        public Pixels read(int index) {
            Random random = new Random(splitSalt * 1_000_003L + index);
            int label = label(index);
            double radius = 0.15 + 0.15 * random.nextDouble();
            double centreX = radius + (1 - 2 * radius) * random.nextDouble();
            double centreY = radius + (1 - 2 * radius) * random.nextDouble();
            int[] background = {random.nextInt(80), random.nextInt(80), random.nextInt(80)};
            byte[] rgb = new byte[side * side * 3];
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double dx = (x + 0.5) / side - centreX;
                    double dy = (y + 0.5) / side - centreY;
                    int[] colour = inShape(label, dx, dy, radius) ? COLOURS[label] : background;
                    for (int c = 0; c < 3; c++) {
                        int noisy = colour[c] + random.nextInt(41) - 20;
                        rgb[(y * side + x) * 3 + c] = (byte) Math.max(0, Math.min(255, noisy));
                    }
                }
            }
            return new Pixels(side, side, 3, rgb);
        }

        private static boolean inShape(int label, double dx, double dy, double radius) {
            double distance = Math.sqrt(dx * dx + dy * dy);
            double ax = Math.abs(dx);
            double ay = Math.abs(dy);
            return switch (label) {
                case 0 -> distance < radius;
                case 1 -> ax < radius && ay < radius;
                case 2 -> ax < radius && ay < radius && (ax < radius / 3 || ay < radius / 3);
                default -> distance < radius && distance > radius / 2;
            };
        }
    }
}
