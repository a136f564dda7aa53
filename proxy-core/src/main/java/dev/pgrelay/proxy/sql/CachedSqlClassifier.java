package dev.pgrelay.proxy.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A {@link SqlClassifier} with a bounded cache keyed by SQL text, for the proxy path: applications send the same
 * texts over and over, so each is lexed once. The bound counts the characters of the cached texts, because one
 * generated bulk INSERT can weigh as much as thousands of ordinary statements.
 */
public final class CachedSqlClassifier {
    /** A sensible bound: a few megabytes of distinct statement texts. */
    public static final long DEFAULT_MAXIMUM_CACHED_CHARS = 4L * 1024 * 1024;

    private final SqlClassifier classifier;
    private final Cache<String, Classification> cache;

    public CachedSqlClassifier(SqlClassifier classifier, long maximumCachedChars) {
        this.classifier = classifier;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maximumCachedChars)
                .weigher((String sql, Classification classification) -> sql.length())
                // evict on the calling thread: no hand-off to another thread on the proxy path
                .executor(Runnable::run)
                .build();
    }

    public Classification classify(String sql) {
        return cache.get(sql, classifier::classify);
    }

    /** How many texts the cache holds now (an estimate, as Caffeine gives it), for metrics. */
    public long cachedTexts() {
        return cache.estimatedSize();
    }
}
