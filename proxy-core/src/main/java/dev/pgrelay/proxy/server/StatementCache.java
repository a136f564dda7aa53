package dev.pgrelay.proxy.server;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prepared statements one server connection holds on behalf of clients in transaction pooling, keyed by
 * statement content (query text and parameter types), so every client that prepares the same statement shares
 * one server-side statement. Server-side names are unique per connection and never reused; the least recently
 * used statement is evicted when the cache is full.
 */
public final class StatementCache {
    private final int capacity;
    private final LinkedHashMap<String, String> serverNameByContent = new LinkedHashMap<>(16, 0.75f, true);
    private long nextId;

    public StatementCache(int capacity) {
        this.capacity = capacity;
    }

    /** The server-side name for this content, or null when this connection has not prepared it. */
    public String lookup(String content) {
        return serverNameByContent.get(content);
    }

    /** Allocates a name for new content; the caller must then prepare it under that name. */
    public String add(String content) {
        String name = "pgrelay_" + (++nextId);
        serverNameByContent.put(content, name);
        return name;
    }

    /** The least recently used server-side name to close when full, removed from the cache; else null. */
    public String evictIfFull() {
        if (serverNameByContent.size() < capacity) {
            return null;
        }
        Iterator<Map.Entry<String, String>> eldest = serverNameByContent.entrySet().iterator();
        String name = eldest.next().getValue();
        eldest.remove();
        return name;
    }

    /** Forgets a statement whose Parse failed or was never executed by the server. */
    public void remove(String content, String serverName) {
        serverNameByContent.remove(content, serverName);
    }

    /** DISCARD ALL or DEALLOCATE ALL ran on the server: it holds no prepared statements any more. */
    public void clear() {
        serverNameByContent.clear();
    }

    public int size() {
        return serverNameByContent.size();
    }
}
