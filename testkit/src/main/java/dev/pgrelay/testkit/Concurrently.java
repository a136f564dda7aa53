package dev.pgrelay.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs one action per item on its own thread and waits for all: replicas are cloned and started side by side. */
final class Concurrently {

    private Concurrently() {
    }

    /** Waits for every action even when one fails, then throws the first failure with the others suppressed. */
    static <T> void forEach(List<T> items, Consumer<T> action) {
        if (items.size() == 1) {
            action.accept(items.get(0));
            return;
        }
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (T item : items) {
            Thread thread = new Thread(() -> action.accept(item), "pgrelay-testkit-" + item);
            thread.setUncaughtExceptionHandler((t, e) -> {
                synchronized (failures) {
                    failures.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        joinAll(threads);
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (first instanceof Error error) {
                throw error;
            }
            throw new ClusterException(first.toString(), first);
        }
    }

    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // The threads own server processes: leaving before they finish would orphan them.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
