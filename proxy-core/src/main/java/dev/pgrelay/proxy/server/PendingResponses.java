package dev.pgrelay.proxy.server;

/**
 * What a server connection still owes, in order: one entry per request whose answer has not arrived yet
 * (STYLE.md 4: a FIFO accounts for every response). Each entry also says what to do with its answer: forward it,
 * hide it (pgrelay sent the request on its own behalf), or synthesize it (pgrelay answered for the server, e.g.
 * ParseComplete for a statement the connection already has). A ring buffer of primitives: no allocation per message.
 */
public final class PendingResponses {
    // Request kinds (protocol-message-formats: which frontend message the answer belongs to).
    public static final byte PARSE = 1;
    public static final byte BIND = 2;
    public static final byte DESCRIBE_STATEMENT = 3;
    public static final byte DESCRIBE_PORTAL = 4;
    public static final byte EXECUTE = 5;
    public static final byte CLOSE = 6;
    public static final byte SYNC = 7;
    public static final byte QUERY = 8;
    public static final byte FUNCTION_CALL = 9;

    // What happens to the answer.
    public static final byte FORWARD = 0;
    public static final byte HIDE = 1;
    public static final byte SYNTHESIZE = 2;

    private byte[] kinds = new byte[16];
    private byte[] dispositions = new byte[16];
    private Object[] payloads = new Object[16];
    private int head;
    private int size;
    private int readyForQueryOwed;

    public void add(byte kind, byte disposition, Object payload) {
        if (size == kinds.length) {
            grow();
        }
        int tail = (head + size) & (kinds.length - 1);
        kinds[tail] = kind;
        dispositions[tail] = disposition;
        payloads[tail] = payload;
        size++;
        if (endsWithReadyForQuery(kind)) {
            readyForQueryOwed++;
        }
    }

    private void grow() {
        int capacity = kinds.length * 2;
        byte[] newKinds = new byte[capacity];
        byte[] newDispositions = new byte[capacity];
        Object[] newPayloads = new Object[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (kinds.length - 1);
            newKinds[i] = kinds[from];
            newDispositions[i] = dispositions[from];
            newPayloads[i] = payloads[from];
        }
        kinds = newKinds;
        dispositions = newDispositions;
        payloads = newPayloads;
        head = 0;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** Sync, Query and FunctionCall messages whose ReadyForQuery has not arrived. */
    public int readyForQueryOwed() {
        return readyForQueryOwed;
    }

    public byte headKind() {
        return kinds[head];
    }

    /** The kind of the newest entry: anything but Sync/Query/FunctionCall means a batch without its Sync yet. */
    public byte tailKind() {
        return kinds[(head + size - 1) & (kinds.length - 1)];
    }

    public byte headDisposition() {
        return dispositions[head];
    }

    public Object headPayload() {
        return payloads[head];
    }

    public void removeHead() {
        if (endsWithReadyForQuery(kinds[head])) {
            readyForQueryOwed--;
        }
        payloads[head] = null;
        head = (head + 1) & (kinds.length - 1);
        size--;
    }

    public void clear() {
        while (size > 0) {
            removeHead();
        }
    }

    public static boolean endsWithReadyForQuery(byte kind) {
        return kind == SYNC || kind == QUERY || kind == FUNCTION_CALL;
    }
}
