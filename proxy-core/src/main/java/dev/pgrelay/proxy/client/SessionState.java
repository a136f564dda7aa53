package dev.pgrelay.proxy.client;

import dev.pgrelay.proxy.server.ServerConnection;
import dev.pgrelay.proxy.sql.PinReason;
import dev.pgrelay.proxy.sql.SessionEffect;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The session a client believes it has, which pgrelay reproduces on whichever server connection serves it: the
 * settings from its StartupMessage and those it changed since (STYLE.md 9: dirtiness with reasons). Changes take
 * effect only when the transaction that made them commits, as in PostgreSQL; state that cannot be replayed on
 * another connection pins the client to its current one, with the reason kept for operators.
 */
final class SessionState {
    private final Map<String, String> startupSettings;
    private final Map<String, String> settings;
    private final List<SessionEffect> uncommitted = new ArrayList<>();
    private boolean transactionFailed;
    private PinReason pinReason;
    /** RESET put a startup setting back to the server's default: it must be applied again right away. */
    private boolean reapplyNeeded;

    SessionState(SessionParameters startup) {
        this.startupSettings = lowerCaseKeys(startup.settings());
        this.settings = new LinkedHashMap<>(startupSettings);
    }

    private static Map<String, String> lowerCaseKeys(Map<String, String> raw) {
        Map<String, String> result = new LinkedHashMap<>();
        raw.forEach((name, value) -> result.put(name.toLowerCase(Locale.ROOT), value));
        return result;
    }

    /** The statements that give {@code server} this session's settings (only what differs). */
    List<String> statementsToApply(ServerConnection server) {
        return SessionParameters.statementsToApply(settings, server.appliedSettings());
    }

    /** After those statements succeeded: the server now has exactly this session's settings. */
    void applied(ServerConnection server) {
        server.appliedSettings().clear();
        server.appliedSettings().putAll(settings);
        reapplyNeeded = false;
    }

    boolean reapplyNeeded() {
        return reapplyNeeded;
    }

    /** Records what a statement sent to the server will do; returns a new pin reason, or null. */
    PinReason onStatement(List<SessionEffect> effects) {
        PinReason newPin = null;
        for (SessionEffect effect : effects) {
            if (effect instanceof SessionEffect.Pin pin) {
                if (pinReason == null) {
                    pinReason = pin.reason();
                    newPin = pin.reason();
                }
            } else {
                uncommitted.add(effect);
            }
        }
        return newPin;
    }

    boolean isPinned() {
        return pinReason != null;
    }

    PinReason pinReason() {
        return pinReason;
    }

    /** An error or a ROLLBACK: what the current transaction changed will not take effect. */
    void transactionFailed() {
        transactionFailed = true;
    }

    /** ReadyForQuery: at 'I' the transaction is over, and its changes count unless it failed. */
    void onReadyForQuery(char status, ServerConnection server) {
        if (status == 'E') {
            transactionFailed = true;
        }
        if (status != 'I') {
            return;
        }
        if (!transactionFailed) {
            uncommitted.forEach(effect -> apply(effect, server));
        }
        uncommitted.clear();
        transactionFailed = false;
    }

    private void apply(SessionEffect effect, ServerConnection server) {
        Map<String, String> onServer = server.appliedSettings();
        if (effect instanceof SessionEffect.SetSession set) {
            String name = set.name().toLowerCase(Locale.ROOT);
            settings.put(name, set.rawValue());
            onServer.put(name, set.rawValue());
        } else if (effect instanceof SessionEffect.Reset reset) {
            String name = reset.name().toLowerCase(Locale.ROOT);
            onServer.remove(name);   // the server went back to its own default
            String connectedWith = startupSettings.get(name);
            if (connectedWith != null) {
                settings.put(name, connectedWith);   // RESET returns to what the client connected with
                reapplyNeeded = true;
            } else {
                settings.remove(name);
            }
        } else if (effect instanceof SessionEffect.ResetAll || effect instanceof SessionEffect.DiscardAll) {
            onServer.clear();
            settings.clear();
            settings.putAll(startupSettings);
            reapplyNeeded = !startupSettings.isEmpty();
        }
    }
}
