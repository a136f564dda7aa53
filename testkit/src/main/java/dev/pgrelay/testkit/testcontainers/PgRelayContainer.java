package dev.pgrelay.testkit.testcontainers;

import dev.pgrelay.config.HostPort;
import dev.pgrelay.testkit.JdbcUrl;
import dev.pgrelay.testkit.RelayConfigYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Future;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * pgrelay's Docker image in front of Testcontainers' {@link PostgreSQLContainer}s: the containers share a
 * {@link Network}, pgrelay reaches each node by its network alias, its config is generated from the nodes'
 * login and copied to {@value #CONFIG_FILE} (where the image's command reads it), and the container counts as
 * started once {@code /ready} on admin_http answers 200 — that is, once pgrelay has found a primary.
 */
public class PgRelayContainer extends GenericContainer<PgRelayContainer> {

    /** The port clients connect to inside the container (the image's EXPOSE). */
    public static final int PORT = 6432;
    /** admin_http inside the container: /metrics, /health, /ready. */
    public static final int ADMIN_HTTP_PORT = 9187;
    /** Where the image's command, {@code pgrelay run --config FILE}, reads its config. */
    public static final String CONFIG_FILE = "/etc/pgrelay/pgrelay.yaml";
    /** The tag {@link #fromDockerfile(Path)} builds. */
    public static final String LOCAL_IMAGE = "pgrelay/pgrelay:local";

    // Inside a container, 127.0.0.1 is unreachable from the host: listen on every interface.
    private final RelayConfigYaml relayConfig = new RelayConfigYaml()
            .listen(new HostPort("0.0.0.0", PORT))
            .adminHttp(new HostPort("0.0.0.0", ADMIN_HTTP_PORT));
    private PostgresContainers nodes;

    /** A published pgrelay image, e.g. {@code pgrelay/pgrelay:0.1.0}. */
    public PgRelayContainer(String image) {
        this(DockerImageName.parse(image));
    }

    public PgRelayContainer(DockerImageName image) {
        super(image);
        expectRelay();
    }

    private PgRelayContainer(Future<String> image) {
        super(image);
        expectRelay();
    }

    /**
     * The image built from the {@code Dockerfile} of the pgrelay checkout at {@code checkout}, with the checkout
     * as build context ({@code .dockerignore} applies). Maven runs inside the build, so the first build takes
     * minutes; the image is kept under {@value #LOCAL_IMAGE} so that Docker's layer cache makes the next build
     * of unchanged sources take seconds.
     */
    public static PgRelayContainer fromDockerfile(Path checkout) {
        Path dockerfile = checkout.resolve("Dockerfile").toAbsolutePath();
        if (!Files.isRegularFile(dockerfile)) {
            throw new IllegalArgumentException(checkout.toAbsolutePath() + " is not a pgrelay checkout: it has no Dockerfile");
        }
        return new PgRelayContainer(new ImageFromDockerfile(LOCAL_IMAGE, false).withDockerfile(dockerfile));
    }

    private void expectRelay() {
        withExposedPorts(PORT, ADMIN_HTTP_PORT);
        waitingFor(Wait.forHttp("/ready").forPort(ADMIN_HTTP_PORT).forStatusCode(200));
    }

    /**
     * The PostgreSQL servers pgrelay fronts; it finds the primary among them itself. They must share one
     * username, password and database, and pgrelay's clients log in with those. Nodes without a network are put
     * on this container's network (call this before they start); nodes that have one must all have the same.
     * Starting this container starts the nodes first.
     */
    public PgRelayContainer withNodes(PostgreSQLContainer... containers) {
        nodes = PostgresContainers.of(List.of(containers));
        Network network = SharedNetwork.joining(nodes.list(), getNetwork());
        withNetwork(network);
        return dependsOn(containers);
    }

    /** {@code pool.mode}: session (the default), transaction or statement. */
    public PgRelayContainer withPoolMode(String mode) {
        relayConfig.poolMode(mode);
        return this;
    }

    /** {@code pool.size}: server connections per (node, user, database); 10 unless set. */
    public PgRelayContainer withPoolSize(int size) {
        relayConfig.poolSize(size);
        return this;
    }

    /** pgrelay YAML merged into the generated config; a top-level key it has replaces the generated block. */
    public PgRelayContainer withRelayConfig(String yaml) {
        relayConfig.overrides(yaml);
        return this;
    }

    /** The config this container runs with: every node by network alias, the nodes' login, pool and overrides. */
    public String configYaml() {
        return requireNodes().describeTo(relayConfig,
                node -> new HostPort(node.getNetworkAliases().get(0), PostgreSQLContainer.POSTGRESQL_PORT)).toYaml();
    }

    @Override
    protected void configure() {
        withCopyToContainer(Transferable.of(configYaml()), CONFIG_FILE);
    }

    /** JDBC URL of pgrelay, from the host, for the nodes' database. */
    public String getJdbcUrl() {
        return JdbcUrl.of(new HostPort(getHost(), getPort()), getDatabaseName());
    }

    /** The host port clients connect to. */
    public int getPort() {
        return getMappedPort(PORT);
    }

    /** {@code http://host:port} of admin_http, from the host; append /metrics, /health or /ready. */
    public String getAdminHttpUrl() {
        return "http://" + new HostPort(getHost(), getMappedPort(ADMIN_HTTP_PORT));
    }

    public String getUsername() {
        return requireNodes().username();
    }

    public String getPassword() {
        return requireNodes().password();
    }

    public String getDatabaseName() {
        return requireNodes().databaseName();
    }

    private PostgresContainers requireNodes() {
        if (nodes == null) {
            throw new IllegalStateException("PgRelayContainer needs its PostgreSQL nodes: call withNodes(...)");
        }
        return nodes;
    }
}
