package dev.initlab.training.data;

import java.util.Iterator;

/** The batches of one pass over a split; closing it stops any batch still being prepared. */
public interface BatchStream extends Iterator<HostBatch>, AutoCloseable {

    int batchCount();

    @Override
    void close();
}
