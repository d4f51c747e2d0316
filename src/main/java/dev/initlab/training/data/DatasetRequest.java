package dev.initlab.training.data;

/**
 * Which dataset to prepare: a name the catalog knows ({@code synthetic}, {@code fashion-mnist},
 * {@code imagenette2-160}, {@code imagenette2-320}, {@code imagenette2}, {@code folder:<path>}), the
 * side of the square images, and optional class-balanced limits on each split (null: everything).
 */
public record DatasetRequest(String name, int imageSize, Integer trainLimit, Integer validLimit) {
}
