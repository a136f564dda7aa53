package dev.pgrelay.proxy.admin;

import dev.pgrelay.PgRelay;
import dev.pgrelay.protocol.PgMessage;
import dev.pgrelay.protocol.backend.BackendKeyData;
import dev.pgrelay.protocol.backend.ParameterStatus;
import dev.pgrelay.protocol.backend.ReadyForQuery;
import io.netty.channel.Channel;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** pgrelay's {@link AdminConsole}: greets an authenticated admin as a server would, then serves its commands. */
public final class AdminConsoleService implements AdminConsole {
    private static final Logger log = LoggerFactory.getLogger(AdminConsoleService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminCommands commands;

    public AdminConsoleService(AdminSources sources, AdminActions actions) {
        this.commands = new AdminCommands(sources, actions);
    }

    @Override
    public void serve(Channel channel, String userName) {
        // psql needs server_version and the encodings; the version names pgrelay so nobody mistakes the console.
        List<PgMessage> greeting = List.of(
                new ParameterStatus("server_version", "15.0 (pgrelay " + PgRelay.version() + ")"),
                new ParameterStatus("server_encoding", "UTF8"),
                new ParameterStatus("client_encoding", "UTF8"),
                new ParameterStatus("DateStyle", "ISO, MDY"),
                new ParameterStatus("integer_datetimes", "on"),
                new ParameterStatus("standard_conforming_strings", "on"),
                new ParameterStatus("application_name", "pgrelay"),
                // The console has no queries to cancel; a random key just satisfies clients that expect one.
                new BackendKeyData(RANDOM.nextInt(Integer.MAX_VALUE), RANDOM.nextInt()),
                ReadyForQuery.IDLE);
        greeting.forEach(message -> channel.write(message.encode(channel.alloc()), channel.voidPromise()));
        channel.pipeline().addBefore("session", "admin", new AdminSession(userName, commands));
        channel.flush();
        log.info("{} opened the admin console from {}", userName, channel.remoteAddress());
    }
}
