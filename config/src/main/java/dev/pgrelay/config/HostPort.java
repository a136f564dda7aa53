package dev.pgrelay.config;

import java.util.Objects;

/** A TCP address as written in the config: {@code host:port}, with IPv6 hosts in brackets ({@code [::1]:6432}). */
public record HostPort(String host, int port) {
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }

    /** An address to connect to: port 1..65535. @throws IllegalArgumentException saying what a valid one looks like */
    public static HostPort parse(String text) {
        return parse(text, 1);
    }

    /**
     * An address to listen on: port 0 is allowed and means "any free port", which embedding and tests use.
     * @throws IllegalArgumentException saying what a valid address looks like
     */
    public static HostPort parseListenAddress(String text) {
        return parse(text, 0);
    }

    private static HostPort parse(String text, int lowestPort) {
        String trimmed = text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, got '" + text + "'");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("expected host:port with an IPv6 host in brackets, e.g. [::1]:6432, got '"
                    + text + "'");
        }
        return new HostPort(host, Scalars.wholeNumber(trimmed.substring(colon + 1), lowestPort, 65535));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
