package dev.pgrelay.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The measurement settings every pgrelay benchmark shares: average time per operation in nanoseconds, one fork,
 * three warm-up and five measured iterations of 2 s. JMH annotations are inherited, so a benchmark extends this and
 * states only its {@code @State} and what differs (SCRAM reports microseconds).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class AverageTimeBenchmark {
}
