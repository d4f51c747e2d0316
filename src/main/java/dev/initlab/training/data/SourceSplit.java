package dev.initlab.training.data;

import java.io.IOException;

/**
 * One split of a dataset before caching: labels are known without decoding (so subsets can be
 * chosen first), pixels are decoded on demand. {@code read} may be called from several threads.
 */
interface SourceSplit {

    int size();

    int label(int index);

    /** Names the image stably (a relative path, an index): it keys the pixel cache. */
    String id(int index);

    /**
     * Changes when the image behind {@link #id} may have changed (a file's size and modification time); it
     * keys the pixel cache too. Generated and packaged images never change.
     */
    default String version(int index) {
        return "";
    }

    Pixels read(int index) throws IOException;
}
