package dev.pgrelay.cli;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Replaces the JVM's reaction to a POSIX signal with ours. Without this, SIGTERM and SIGINT make the JVM
 * run its shutdown hooks and exit 143/130; pgrelay's contract is to drain and exit 0 instead.
 */
final class ProcessSignals {
    private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);

    private ProcessSignals() {}

    /**
     * Calls {@code action} with the signal's name (e.g. "TERM") on the JVM's signal thread each time it
     * arrives. Keep the action short; hand real work to another thread.
     */
    static void on(String signalName, Consumer<String> action) {
        Signal signal;
        try {
            signal = new Signal(signalName);
        } catch (IllegalArgumentException notOnThisPlatform) {
            log.debug("SIG{} does not exist here; not handling it", signalName);
            return;
        }
        SignalHandler previous = Signal.handle(signal, received -> action.accept(received.getName()));
        if (previous == SignalHandler.SIG_IGN) {
            // The JVM keeps a signal ignored when its parent ignored it: SIGINT for a script's background job,
            // SIGHUP under nohup. Said once, since an operator's kill -HUP would otherwise do nothing silently.
            log.info("SIG{} was ignored when this process started (nohup, or a background job), so pgrelay never"
                    + " sees it{}", signalName, signalName.equals("HUP") ? "; reload with RELOAD in the admin console"
                    : "");
        }
    }
}
