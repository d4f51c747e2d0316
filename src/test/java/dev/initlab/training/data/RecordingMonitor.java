package dev.initlab.training.data;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every progress report, and asks the task to stop from the first report that {@code stopWhen} accepts on. */
final class RecordingMonitor implements PreparationMonitor {

    record Report(String phase, long done, long total) {
    }

    final List<Report> reports = new CopyOnWriteArrayList<>();
    private final Predicate<Report> stopWhen;
    private volatile boolean stopAsked;
    private volatile long stopAskedAtNanos;

    private RecordingMonitor(Predicate<Report> stopWhen) {
        this.stopWhen = stopWhen;
    }

    static RecordingMonitor neverStopping() {
        return new RecordingMonitor(report -> false);
    }

    static RecordingMonitor stoppingAt(Predicate<Report> stopWhen) {
        return new RecordingMonitor(stopWhen);
    }

    @Override
    public void progress(String phase, long done, long total) {
        Report report = new Report(phase, done, total);
        reports.add(report);
        if (!stopAsked && stopWhen.test(report)) {
            stopAskedAtNanos = System.nanoTime();
            stopAsked = true;
        }
    }

    @Override
    public boolean stopRequested() {
        return stopAsked;
    }

    /** Milliseconds since the stop was asked for. */
    long millisSinceStop() {
        return (System.nanoTime() - stopAskedAtNanos) / 1_000_000;
    }

    List<Report> reportsOf(String phase) {
        return reports.stream().filter(report -> report.phase().equals(phase)).toList();
    }
}
