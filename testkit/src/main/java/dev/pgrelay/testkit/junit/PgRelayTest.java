package dev.pgrelay.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a real PostgreSQL cluster and a running pgrelay in front of it, started once before
 * all its tests and stopped after them ({@link Lifecycle#PER_CLASS}), or afresh for each test method
 * ({@link Lifecycle#PER_METHOD}). Test methods, constructors and lifecycle methods receive them as a
 * {@link PgRelayEnvironment} parameter. {@code @Nested} classes share the enclosing class's environment.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PgRelayExtension.class)
public @interface PgRelayTest {

    /** Streaming replicas beside the primary; each becomes a pgrelay node after the primary. */
    int replicas() default 0;

    /** {@code pool.mode}: session, transaction or statement. */
    String poolMode() default "session";

    /** {@code pool.size}: server connections per (node, user, database). */
    int poolSize() default 10;

    /**
     * YAML appended to the generated pgrelay config. A top-level key the generated config already has
     * (e.g. {@code pool:}) replaces that whole generated block.
     */
    String config() default "";

    /** Extra postgresql.conf settings for every node, as {@code name=value}. */
    String[] postgresSettings() default {};

    /**
     * Extra pg_hba.conf lines for every node, matched before the testkit's own (which let every role in over TCP
     * with scram-sha-256), e.g. {@code "host all legacy 127.0.0.1/32 md5"} for a role with an md5 password.
     */
    String[] postgresHbaRules() default {};

    /**
     * Whether pgrelay reaches each node through a TCP fault proxy, so that tests can add latency, blackhole or
     * partition one node with {@link PgRelayEnvironment#network}. pgrelay's {@code nodes:} then name the
     * proxies' ports; {@link PgRelayEnvironment#relayAddressOf} maps a node to the address pgrelay uses.
     */
    boolean faultProxy() default false;

    /** Whether all tests of the class share one environment or each test method gets its own. */
    Lifecycle lifecycle() default Lifecycle.PER_CLASS;

    /** How long one environment lives. */
    enum Lifecycle {
        /** Started before the class's first test, stopped after its last: fast, but faults carry over between tests. */
        PER_CLASS,
        /**
         * Started before each test method and stopped after it, so every test begins with a healthy cluster.
         * The environment reaches test methods and {@code @BeforeEach}/{@code @AfterEach} methods only.
         */
        PER_METHOD
    }
}
