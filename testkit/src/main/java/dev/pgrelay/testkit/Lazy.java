package dev.pgrelay.testkit;

import java.util.function.Supplier;

/** A value computed once, on first use, even when threads ask at the same time; a failed computation is retried. */
final class Lazy<T> {

    private final Supplier<T> computation;
    private volatile T value;

    Lazy(Supplier<T> computation) {
        this.computation = computation;
    }

    T get() {
        T known = value;
        if (known == null) {
            synchronized (this) {
                if (value == null) {
                    value = computation.get();
                }
                known = value;
            }
        }
        return known;
    }
}
