package dev.pgrelay.proxy.pool;

import dev.pgrelay.config.NodeConfig;

/** What makes two server connections interchangeable: the same node, user and database. */
public record PoolKey(NodeConfig node, String user, String database) {
    @Override
    public String toString() {
        return user + "@" + node.name() + "/" + database;
    }
}
