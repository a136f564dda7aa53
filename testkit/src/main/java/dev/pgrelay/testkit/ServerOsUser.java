package dev.pgrelay.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The OS account PostgreSQL runs as. PostgreSQL refuses to run as root, so a JVM running as root runs
 * every PostgreSQL binary through {@code setpriv} as the {@code postgres} user (or {@code nobody}) and
 * hands it the directories it must write; any other JVM runs the binaries as itself.
 */
final class ServerOsUser {

    private static final Duration ID_TIMEOUT = Duration.ofSeconds(10);
    private static final List<String> ACCOUNTS_FOR_ROOT = List.of("postgres", "nobody");

    private static final Lazy<ServerOsUser> CURRENT = new Lazy<>(ServerOsUser::detect);

    private final int jvmUid;
    private final String name;
    private final int uid;
    private final int gid;
    private final boolean switchesUser;

    private ServerOsUser(int jvmUid, String name, int uid, int gid, boolean switchesUser) {
        this.jvmUid = jvmUid;
        this.name = name;
        this.uid = uid;
        this.gid = gid;
        this.switchesUser = switchesUser;
    }

    /** The account for this JVM, looked up once. */
    static ServerOsUser current() {
        return CURRENT.get();
    }

    private static ServerOsUser detect() {
        int jvmUid = idOf(List.of("id", "-u")).orElseThrow(() -> new ClusterException("`id -u` failed"));
        if (jvmUid != 0) {
            return new ServerOsUser(jvmUid, System.getProperty("user.name"), jvmUid, -1, false);
        }
        for (String account : ACCOUNTS_FOR_ROOT) {
            Optional<Integer> uid = idOf(List.of("id", "-u", account));
            Optional<Integer> gid = idOf(List.of("id", "-g", account));
            if (uid.isPresent() && gid.isPresent()) {
                return new ServerOsUser(jvmUid, account, uid.get(), gid.get(), true);
            }
        }
        throw new ClusterException("running as root, but neither of the OS users " + ACCOUNTS_FOR_ROOT
                + " exists to run PostgreSQL (it refuses root)");
    }

    private static Optional<Integer> idOf(List<String> command) {
        OsCommand.Result result = OsCommand.run(command, Path.of("/"), ID_TIMEOUT);
        return result.succeeded() ? Optional.of(Integer.parseInt(result.output().strip())) : Optional.empty();
    }

    /** The uid this JVM runs as. */
    int jvmUid() {
        return jvmUid;
    }

    String name() {
        return name;
    }

    boolean switchesUser() {
        return switchesUser;
    }

    /** The command line that runs {@code command} as this account. */
    List<String> commandLine(List<String> command) {
        if (!switchesUser) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Makes this account the owner of {@code path} (not recursive), so PostgreSQL may write it. */
    void handOver(Path path) {
        if (!switchesUser) {
            return;
        }
        try {
            Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not give " + path + " to OS user " + name, e);
        }
    }
}
