package dev.pgrelay.proxy.client;

import dev.pgrelay.proxy.sql.CachedSqlClassifier;
import dev.pgrelay.proxy.sql.Classification;
import dev.pgrelay.proxy.sql.SessionEffect;
import dev.pgrelay.proxy.sql.SqlClassifier;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Tells what a statement text does to session state, cheaply: the byte prefilter rules out most statements
 * without decoding them; the rest go through the SQL lexer, whose results are cached by text.
 */
public final class StatementAnalyzer {
    private final CachedSqlClassifier classifier;

    public StatementAnalyzer(CachedSqlClassifier classifier) {
        this.classifier = classifier;
    }

    /** The analyzer over the shared, bounded classification cache; {@code readOnlyFunctions} from routing. */
    public static StatementAnalyzer standard(Set<String> readOnlyFunctions) {
        return new StatementAnalyzer(new CachedSqlClassifier(new SqlClassifier(readOnlyFunctions),
                CachedSqlClassifier.DEFAULT_MAXIMUM_CACHED_CHARS));
    }

    public CachedSqlClassifier classifier() {
        return classifier;
    }

    /** The session effects of the UTF-8 statement text in bytes [from, to) of {@code buf}. */
    List<SessionEffect> effects(ByteBuf buf, int from, int to) {
        if (!SessionEffectPrefilter.mayChangeSession(buf, from, to)) {
            return List.of();
        }
        return classifier.classify(buf.toString(from, to - from, StandardCharsets.UTF_8)).sessionEffects();
    }

    /** The routing classification of a NUL-terminated text starting at {@code from} (decodes it; cached). */
    Classification classify(ByteBuf buf, int from) {
        int end = buf.indexOf(from, buf.writerIndex(), (byte) 0);
        return classifier.classify(end < 0 ? "" : buf.toString(from, end - from, StandardCharsets.UTF_8));
    }

    /** Effects of a NUL-terminated text starting at {@code from}. */
    List<SessionEffect> effectsOfCString(ByteBuf buf, int from) {
        int end = buf.indexOf(from, buf.writerIndex(), (byte) 0);
        return end < 0 ? List.of() : effects(buf, from, end);
    }
}
