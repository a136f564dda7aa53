package dev.pgrelay.proxy.client;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every connected client, by the process id pgrelay gave it in BackendKeyData: enforces max_clients and lets a
 * CancelRequest (which arrives on a new connection) find the session it is meant for.
 */
public final class ClientRegistry {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConcurrentMap<Integer, ClientSession> byProcessId = new ConcurrentHashMap<>();
    private final AtomicInteger nextProcessId = new AtomicInteger(1 + RANDOM.nextInt(1 << 20));
    private final AtomicInteger count = new AtomicInteger();
    /** pool.max_clients; a reload may change it (clients beyond a lowered limit stay connected). */
    private volatile int maxClients;

    public ClientRegistry(int maxClients) {
        this.maxClients = maxClients;
    }

    public void maxClients(int reloaded) {
        this.maxClients = reloaded;
    }

    /** Reserves a client slot; false when max_clients are already connected. */
    boolean tryAdmit() {
        while (true) {
            int current = count.get();
            if (current >= maxClients) {
                return false;
            }
            if (count.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void leave() {
        count.decrementAndGet();
    }

    /** Gives the session its BackendKeyData: a process id unique among connected clients and a random secret. */
    BackendKey register(ClientSession session) {
        while (true) {
            int processId = nextProcessId.getAndIncrement() & Integer.MAX_VALUE;
            if (processId != 0 && byProcessId.putIfAbsent(processId, session) == null) {
                return new BackendKey(processId, RANDOM.nextInt());
            }
        }
    }

    void unregister(int processId, ClientSession session) {
        byProcessId.remove(processId, session);
    }

    ClientSession find(int processId) {
        return byProcessId.get(processId);
    }

    public int connectedClients() {
        return count.get();
    }

    public Collection<ClientSession> sessions() {
        return byProcessId.values();
    }

    /** The key pair a client must present to cancel its own queries. */
    record BackendKey(int processId, int secretKey) {
    }
}
