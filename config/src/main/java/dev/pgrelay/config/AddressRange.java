package dev.pgrelay.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * A client address range of an {@code hba} rule: {@code all}, one address, or a CIDR block such as
 * {@code 10.0.0.0/8} or {@code ::1/128}. Only literal addresses: resolving names would make a login depend on DNS.
 */
public record AddressRange(InetAddress network, int prefixLength) {
    /** Matches every client; {@code network} is null only here. */
    public static final AddressRange ALL = new AddressRange(null, 0);
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]+");

    public boolean matches(InetAddress client) {
        if (network == null) {
            return true;
        }
        byte[] wanted = network.getAddress();
        byte[] actual = client.getAddress();
        if (wanted.length != actual.length) {
            return false;   // an IPv4 rule never matches an IPv6 client and vice versa, as in pg_hba.conf
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (wanted[i] != actual[i]) {
                return false;
            }
        }
        int restBits = prefixLength % 8;
        if (restBits == 0) {
            return true;
        }
        int mask = 0xff << (8 - restBits) & 0xff;
        return (wanted[fullBytes] & mask) == (actual[fullBytes] & mask);
    }

    /** Parses {@code all}, {@code ADDRESS} or {@code ADDRESS/PREFIX}; throws IllegalArgumentException otherwise. */
    public static AddressRange parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("all")) {
            return ALL;
        }
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!LITERAL.matcher(address).matches() || address.indexOf('.') < 0 && address.indexOf(':') < 0) {
            throw new IllegalArgumentException("expected all, an IP address or a CIDR block like 10.0.0.0/8; got '"
                    + text + "'");
        }
        InetAddress network;
        try {
            network = InetAddress.getByName(address);   // a literal: no DNS lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + address + "' is not a valid IP address");
        }
        int bits = network.getAddress().length * 8;
        int prefix = slash < 0 ? bits : Scalars.wholeNumber(trimmed.substring(slash + 1), 0, bits);
        return new AddressRange(network, prefix);
    }

    @Override
    public String toString() {
        return network == null ? "all" : network.getHostAddress() + "/" + prefixLength;
    }
}
