package dev.pgrelay.it.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Certificates made at test time with openssl: a CA, a server certificate it signed (valid for 127.0.0.1
 * only, key in PKCS#8), and an unrelated CA for negative tests. The directory is readable by the postgres
 * OS user, which runs PostgreSQL; the server key belongs to it, as PostgreSQL insists.
 */
final class TestCertificates implements AutoCloseable {
    final Path directory;
    final Path ca;
    final Path otherCa;
    final Path serverCert;
    final Path serverKey;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.ca = directory.resolve("ca.crt");
        this.otherCa = directory.resolve("other-ca.crt");
        this.serverCert = directory.resolve("server.crt");
        this.serverKey = directory.resolve("server.key");
    }

    static TestCertificates generate() throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("pgrelay-tls-");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        TestCertificates certificates = new TestCertificates(directory);
        certificates.selfSignedCa("ca", "pgrelay test CA");
        certificates.selfSignedCa("other-ca", "unrelated CA");
        certificates.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(directory.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1\n");
        certificates.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.cnf");
        for (String file : List.of("ca.crt", "other-ca.crt", "server.crt")) {
            Files.setPosixFilePermissions(directory.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(certificates.serverKey, PosixFilePermissions.fromString("rw-------"));
        certificates.run(List.of("chown", "postgres", certificates.serverKey.toString()));
        return certificates;
    }

    private void selfSignedCa(String name, String commonName) throws IOException, InterruptedException {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".crt",
                "-days", "2", "-subj", "/CN=" + commonName);
    }

    private void openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        run(command);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
