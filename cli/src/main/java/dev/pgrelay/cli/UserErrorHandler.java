package dev.pgrelay.cli;

import dev.pgrelay.PgRelayStartException;
import dev.pgrelay.config.ConfigException;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports a failed command: problems the user can fix (bad config, busy port) as one line without a stack
 * trace, anything else — a bug — with its stack trace. Either way the exit code is 1.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        Optional<String> userError = describeUserError(failure);
        if (userError.isPresent()) {
            err.println(userError.get());
        } else {
            failure.printStackTrace(err);
        }
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** The one line to show for a failure the user caused, found anywhere in the cause chain. */
    static Optional<String> describeUserError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigException || cause instanceof PgRelayStartException) {
                // Their messages are written for the operator: file, line and key; or the address and why.
                return Optional.of(cause.getMessage());
            }
        }
        return Optional.empty();
    }
}
