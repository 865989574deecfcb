package dev.collab.load;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the load tools measure the same way: N connections sending one kind of request for a
 * number of seconds after one second of warm-up, the answers' times, and their percentiles.
 */
final class Timed {
    private Timed() {
    }

    /**
     * The ok answers' times (sorted, ns) within the measured seconds, and how many were not ok.
     *
     * @param seconds the measured seconds, after the warm-up
     */
    record Result(long[] nanos, int notOk, int seconds) {
        double perSecond() {
            return nanos.length / (double) seconds;
        }

        /** Nearest rank; {@code 0} without answers. */
        long percentile(int p) {
            return Timed.percentile(nanos, p);
        }
    }

    /**
     * Sends {@code request} on {@code connections} threads until the warm-up second and then
     * {@code seconds} more have passed; an answer other than 200 or one {@code ok} refuses goes
     * to {@code notOk} and is counted.
     */
    static Result run(int connections, ThreadFactory threads, int seconds, Callable<HttpResponse<String>> request,
        Predicate<HttpResponse<String>> ok, Consumer<HttpResponse<String>> notOk) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections, threads);
        try {
            long start = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicInteger bad = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        long t = System.nanoTime();
                        if (t >= end) {
                            return null;
                        }
                        HttpResponse<String> answer = request.call();
                        long after = System.nanoTime();
                        if (answer.statusCode() != 200 || !ok.test(answer)) {
                            bad.incrementAndGet();
                            notOk.accept(answer);
                        } else if (t >= start && after <= end) {
                            latencies.add(after - t);
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return new Result(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), bad.get(), seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Nearest rank of sorted values; {@code 0} when there are none. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Nearest rank of unsorted values. */
    static long percentile(List<Long> values, int p) {
        return percentile(values.stream().mapToLong(Long::longValue).sorted().toArray(), p);
    }

    /** Milliseconds with one decimal below 10 ms. */
    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    /** Daemon threads named {@code <prefix>-<name>-<n>}, so that a hung request never keeps a tool alive. */
    static ThreadFactory daemon(String prefix, String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
