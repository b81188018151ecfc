package io.beamlink.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.OutputBuffer;
import io.beamlink.term.Term;
import io.beamlink.term.TermDecodeException;
import io.beamlink.term.TermDecoder;
import io.beamlink.term.TermEncoder;
import io.beamlink.term.Tuple;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One distribution connection in the connected state: 4-byte framing, a reader thread that
 * decodes and dispatches, batched writes, ticks, and fragments in both directions.
 *
 * <p>Send path: the sender encodes into the shared pending buffer under a short lock; if no one
 * is writing, the sender becomes the writer and drains the buffer with as few writes as
 * possible, while other senders keep appending. Under load that batches many messages per
 * system call; when idle a lone message goes out at once. Messages larger than a fragment (when
 * the peer takes fragments) are encoded aside and queued one fragment at a time, so ticks and
 * small messages interleave with them.
 */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int PASS_THROUGH = 112;
    private static final int VERSION = 131;
    private static final int DIST_HEADER = 68;
    private static final int FRAG_HEADER = 69;
    private static final int FRAG_CONT = 70;
    private static final int READ_BUFFER = 64 * 1024;
    private static final int MAX_REASSEMBLIES = 256;
    private static final int SHRINK_ABOVE = 1 << 20;
    /** The close reason when Beamlink itself failed on a frame (a bug, never the peer's fault). */
    public static final Atom INTERNAL_ERROR = Atom.of("beamlink_internal_error");

    /** Where a connection delivers what it receives. */
    public interface Listener {
        /** A control message arrived (called on the connection's reader thread, in arrival order). */
        void onMessage(Connection connection, ControlMessage message);

        /** The connection closed; {@code reason} is an Erlang term such as {@code net_tick_timeout}. */
        void onClosed(Connection connection, Term reason);
    }

    private final Socket socket;
    private final HandshakeResult handshake;
    private final ConnectionSettings settings;
    private final Listener listener;
    private final Atom peer;
    private final long flags;
    private final boolean headerFormat;
    private final TermDecoder decoder;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private OutputBuffer pending = new OutputBuffer(8192);
    private OutputBuffer writing = new OutputBuffer(8192);
    private boolean writerActive;
    private long nextSequenceId = 1;

    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long messagesIn;
    private volatile long messagesOut;
    private volatile long ticksIn;
    private volatile long ticksOut;
    private volatile long lastActivityMillis = System.currentTimeMillis();

    private long currentFrameBytes;
    private long bytesInAtLastTick;
    private long messagesOutAtLastTick;
    private int silentIntervals;

    private final Map<Long, Reassembly> reassemblies = new HashMap<>();
    private final List<Consumer<TraceEvent>> tracers = new CopyOnWriteArrayList<>();

    public Connection(Socket socket, HandshakeResult handshake, ConnectionSettings settings, Listener listener)
            throws IOException {
        this.socket = socket;
        this.handshake = handshake;
        this.settings = settings;
        this.listener = listener;
        this.peer = Atom.of(handshake.peerName());
        this.flags = handshake.flags();
        this.headerFormat = (flags & (DistFlags.FRAGMENTS | DistFlags.DIST_HDR_ATOM_CACHE)) != 0;
        this.decoder = TermDecoder.builder().maxDepth(settings.maxDepth()).build();
        this.out = socket.getOutputStream();
        socket.setSoTimeout(0);
        socket.setTcpNoDelay(true);
    }

    /** Starts the reader thread. */
    public void start() {
        Thread.ofVirtual().name("beamlink-reader-" + peer.name()).start(this::readLoop);
    }

    public Atom peer() {
        return peer;
    }

    public HandshakeResult handshake() {
        return handshake;
    }

    /** The negotiated flags. */
    public long flags() {
        return flags;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    public java.net.SocketAddress localAddress() {
        return socket.getLocalSocketAddress();
    }

    public java.net.SocketAddress remoteAddress() {
        return socket.getRemoteSocketAddress();
    }

    public ConnectionStats stats() {
        long queued;
        lock.lock();
        try {
            queued = pending.size();
        } finally {
            lock.unlock();
        }
        return new ConnectionStats(bytesIn, bytesOut, messagesIn, messagesOut, ticksIn, ticksOut,
                Instant.ofEpochMilli(lastActivityMillis), queued, handshake.duration());
    }

    /**
     * Adds a tracer that sees every message, tick and the close of this connection (on the
     * thread where each happens, so it must be quick). Close the result to remove it.
     */
    public AutoCloseable trace(Consumer<TraceEvent> tracer) {
        tracers.add(tracer);
        return () -> tracers.remove(tracer);
    }

    private void emit(TraceEvent.Kind kind, ControlMessage message, long bytes) {
        if (tracers.isEmpty()) {
            return;
        }
        TraceEvent event = new TraceEvent(Instant.now(), peer, kind, message, bytes);
        for (Consumer<TraceEvent> tracer : tracers) {
            try {
                tracer.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a tracer of the connection to {} failed; removing it", peer.name(), e);
                tracers.remove(tracer);
            }
        }
    }

    /**
     * Queues a control message (and its payload) and writes it unless another sender is already
     * writing. Returns false when the connection is closed: the message is dropped, as Erlang
     * drops messages to a node it lost.
     */
    public boolean send(ControlMessage message) {
        if (closed.get()) {
            return false;
        }
        Term payload = payloadOf(message);
        if ((flags & DistFlags.FRAGMENTS) != 0 && payload != null
                && TermEncoder.encodedSize(payload) > settings.fragmentSize()) {
            return sendFragmented(message);
        }
        boolean becomeWriter;
        int frameSize;
        lock.lock();
        try {
            awaitRoom();
            int start = pending.size();
            pending.writeInt(0);
            writeFrameBody(message, pending);
            frameSize = pending.size() - start;
            pending.putInt(start, frameSize - 4);
            messagesOut++;
            becomeWriter = !writerActive;
            writerActive = true;
        } finally {
            lock.unlock();
        }
        emit(TraceEvent.Kind.MESSAGE_OUT, message, frameSize);
        if (becomeWriter) {
            drain();
        }
        return true;
    }

    private static Term payloadOf(ControlMessage message) {
        return switch (message) {
            case ControlMessage.Send m -> m.message();
            case ControlMessage.RegSend m -> m.message();
            case ControlMessage.AliasSend m -> m.message();
            case ControlMessage.SpawnRequest m -> m.args();
            case ControlMessage.AltactSig m -> m.payload();
            default -> null;
        };
    }

    private void writeFrameBody(ControlMessage message, OutputBuffer buffer) {
        if (headerFormat) {
            buffer.writeByte(VERSION);
            buffer.writeByte(DIST_HEADER);
            buffer.writeByte(0);
            Term payload = ControlCodec.encode(message, flags, buffer);
            if (payload != null) {
                TermEncoder.encodeBody(payload, buffer);
            }
        } else {
            buffer.writeByte(PASS_THROUGH);
            buffer.writeByte(VERSION);
            Term payload = ControlCodec.encode(message, flags, buffer);
            if (payload != null) {
                TermEncoder.encode(payload, buffer);
            }
        }
    }

    /** Encodes a large message aside, then queues it one fragment at a time. */
    private boolean sendFragmented(ControlMessage message) {
        OutputBuffer whole = new OutputBuffer(settings.fragmentSize() * 2);
        Term payload = ControlCodec.encode(message, flags, whole);
        TermEncoder.encodeBody(payload, whole);
        int fragmentData = settings.fragmentSize();
        int total = whole.size();
        long fragments = (total + fragmentData - 1) / fragmentData;
        long sequence;
        lock.lock();
        try {
            sequence = nextSequenceId++;
        } finally {
            lock.unlock();
        }
        for (long i = 0; i < fragments; i++) {
            if (closed.get()) {
                return false;
            }
            int offset = (int) (i * fragmentData);
            int length = Math.min(fragmentData, total - offset);
            long fragmentId = fragments - i;
            boolean becomeWriter;
            lock.lock();
            try {
                awaitRoom();
                int start = pending.size();
                pending.writeInt(0);
                pending.writeByte(VERSION);
                pending.writeByte(i == 0 ? FRAG_HEADER : FRAG_CONT);
                pending.writeLong(sequence);
                pending.writeLong(fragmentId);
                if (i == 0) {
                    pending.writeByte(0);
                }
                pending.writeBytes(whole.array(), offset, length);
                pending.putInt(start, pending.size() - start - 4);
                if (i == 0) {
                    messagesOut++;
                }
                becomeWriter = !writerActive;
                writerActive = true;
            } finally {
                lock.unlock();
            }
            if (becomeWriter) {
                drain();
            }
        }
        emit(TraceEvent.Kind.MESSAGE_OUT, message, total + fragments * 21L);
        return true;
    }

    /** Waits (holding the lock) while the queue is over its limit, so one sender cannot queue without bound. */
    private void awaitRoom() {
        while (pending.size() > settings.maxPendingBytes() && !closed.get()) {
            drained.awaitUninterruptibly();
        }
    }

    /** Writes whatever is pending until the queue is empty; only one thread drains at a time. */
    private void drain() {
        while (true) {
            OutputBuffer batch;
            lock.lock();
            try {
                if (pending.size() == 0 || closed.get()) {
                    writerActive = false;
                    drained.signalAll();
                    return;
                }
                batch = pending;
                pending = writing;
                writing = batch;
                drained.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                out.write(batch.array(), 0, batch.size());
                bytesOut += batch.size();
                lastActivityMillis = System.currentTimeMillis();
            } catch (IOException e) {
                lock.lock();
                try {
                    writerActive = false;
                    drained.signalAll();
                } finally {
                    lock.unlock();
                }
                close(Atom.of("connection_closed"), "write failed: " + e.getMessage());
                return;
            }
            batch.reset();
            if (batch.array().length > SHRINK_ABOVE) {
                // A burst grew the buffer; give the memory back rather than keep it per connection.
                lock.lock();
                try {
                    writing = new OutputBuffer(8192);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Called once per tick interval by the node's ticker: sends a tick when nothing was written
     * during the interval (or, for hidden peers, nothing was read), and closes the connection
     * after {@code tickIntensity} intervals without anything read.
     */
    public void onTickInterval() {
        if (closed.get()) {
            return;
        }
        long in = bytesIn;
        long sent = messagesOut;
        boolean readSomething = in != bytesInAtLastTick;
        boolean wroteSomething = sent != messagesOutAtLastTick;
        bytesInAtLastTick = in;
        messagesOutAtLastTick = sent;
        silentIntervals = readSomething ? 0 : silentIntervals + 1;
        if (silentIntervals >= settings.tickIntensity()) {
            LOG.warn("Node {} not responding, closing the connection (net_tick_timeout)", peer.name());
            DistEvents.TickTimeout event = new DistEvents.TickTimeout();
            event.node = peer.name();
            event.silentIntervals = silentIntervals;
            event.commit();
            close(Atom.of("net_tick_timeout"), "no data or tick for " + silentIntervals + " tick intervals");
            return;
        }
        boolean hidden = !handshake.visible();
        if (!wroteSomething || (hidden && !readSomething)) {
            sendTick();
        }
    }

    private void sendTick() {
        boolean becomeWriter;
        lock.lock();
        try {
            if (pending.size() > 0) {
                return;
            }
            pending.writeInt(0);
            ticksOut++;
            becomeWriter = !writerActive;
            writerActive = true;
        } finally {
            lock.unlock();
        }
        emit(TraceEvent.Kind.TICK_OUT, null, 4);
        if (becomeWriter) {
            // The ticker must never block on a socket: a virtual thread writes instead.
            Thread.ofVirtual().name("beamlink-tick-" + peer.name()).start(this::drain);
        }
    }

    /** Closes the socket; the listener hears about it once, with {@code reason}. */
    public void close(Term reason, String why) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("closing connection to {}: {}", peer.name(), why);
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already broken; nothing more to release.
        }
        lock.lock();
        try {
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        emit(TraceEvent.Kind.CLOSED, null, 0);
        listener.onClosed(this, reason);
    }

    private void readLoop() {
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[READ_BUFFER];
            int start = 0;
            int end = 0;
            while (!closed.get()) {
                if (end == buffer.length) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                int n = in.read(buffer, end, buffer.length - end);
                if (n < 0) {
                    throw new EOFException("peer closed the connection");
                }
                end += n;
                bytesIn += n;
                lastActivityMillis = System.currentTimeMillis();
                while (end - start >= 4) {
                    long length = Integer.toUnsignedLong(ByteBuffer.wrap(buffer, start, 4).getInt());
                    if (length == 0) {
                        ticksIn++;
                        start += 4;
                        emit(TraceEvent.Kind.TICK_IN, null, 4);
                        continue;
                    }
                    if (length > settings.maxMessageSize()) {
                        throw new ProtocolException("frame of " + length + " bytes is over the limit of "
                                + settings.maxMessageSize());
                    }
                    byte[] frame = new byte[(int) length];
                    int available = end - start - 4;
                    if (available >= length) {
                        System.arraycopy(buffer, start + 4, frame, 0, (int) length);
                        start += 4 + (int) length;
                    } else {
                        System.arraycopy(buffer, start + 4, frame, 0, available);
                        readFully(in, frame, available);
                        bytesIn += length - available;
                        start = end = 0;
                    }
                    currentFrameBytes = 4 + length;
                    onFrame(frame);
                }
                if (start == end) {
                    start = end = 0;
                }
            }
        } catch (EOFException | SocketException e) {
            close(Atom.of("connection_closed"), e.getMessage());
        } catch (ProtocolException | TermDecodeException e) {
            LOG.error("closing the connection to {}: {}", peer.name(), e.getMessage());
            close(Atom.of("protocol_error"), e.getMessage());
        } catch (IOException e) {
            close(Atom.of("connection_closed"), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("closing the connection to {} after an internal error", peer.name(), e);
            close(INTERNAL_ERROR, String.valueOf(e));
        }
    }

    private static void readFully(InputStream in, byte[] target, int from) throws IOException {
        int offset = from;
        while (offset < target.length) {
            int n = in.read(target, offset, target.length - offset);
            if (n < 0) {
                throw new EOFException("peer closed the connection in the middle of a frame");
            }
            offset += n;
        }
    }

    private void onFrame(byte[] frame) throws IOException, TermDecodeException {
        ByteBuffer data = ByteBuffer.wrap(frame);
        int first = data.get() & 0xFF;
        if (first == PASS_THROUGH && !headerFormat) {
            Term control = decoder.decode(data);
            Term payload = data.hasRemaining() ? decoder.decode(data) : null;
            dispatch(control, payload, data);
            return;
        }
        if (first != VERSION || !data.hasRemaining()) {
            throw new ProtocolException("frame starts with byte " + first + ", expected "
                    + (headerFormat ? "131 (distribution header)" : "112 (pass-through)"));
        }
        int kind = data.get() & 0xFF;
        switch (kind) {
            case DIST_HEADER -> {
                readNoAtomCacheRefs(data);
                decodeMessage(data);
            }
            case FRAG_HEADER -> {
                need(data, 17, "fragment header");
                long sequence = data.getLong();
                long fragmentId = data.getLong();
                readNoAtomCacheRefs(data);
                if (fragmentId == 1) {
                    decodeMessage(data);
                } else {
                    startReassembly(sequence, fragmentId, data);
                }
            }
            case FRAG_CONT -> {
                need(data, 16, "fragment continuation");
                continueReassembly(data.getLong(), data.getLong(), data);
            }
            default -> throw new ProtocolException("unknown distribution header tag " + kind);
        }
    }

    private static void need(ByteBuffer data, int bytes, String what) throws ProtocolException {
        if (data.remaining() < bytes) {
            throw new ProtocolException("truncated " + what);
        }
    }

    private void readNoAtomCacheRefs(ByteBuffer data) throws ProtocolException {
        need(data, 1, "distribution header");
        int refs = data.get() & 0xFF;
        if (refs != 0) {
            throw new ProtocolException("peer sent " + refs + " atom cache references, but the atom cache was not negotiated");
        }
    }

    private void decodeMessage(ByteBuffer data) throws IOException, TermDecodeException {
        Term control = decoder.decodeBody(data, null);
        Term payload = data.hasRemaining() ? decoder.decodeBody(data, null) : null;
        dispatch(control, payload, data);
    }

    private void dispatch(Term control, Term payload, ByteBuffer rest) throws ProtocolException {
        if (rest.hasRemaining()) {
            throw new ProtocolException(rest.remaining() + " unexpected bytes after the message");
        }
        int op = ControlCodec.operation(control);
        if (ControlCodec.hasPayload(op) != (payload != null)) {
            throw new ProtocolException("control message " + control
                    + (payload == null ? " needs a payload and has none" : " has an unexpected payload"));
        }
        messagesIn++;
        ControlMessage message = ControlCodec.decode((Tuple) control, payload);
        emit(TraceEvent.Kind.MESSAGE_IN, message, currentFrameBytes);
        listener.onMessage(this, message);
    }

    private void startReassembly(long sequence, long fragmentId, ByteBuffer data) throws ProtocolException {
        if (reassemblies.size() >= MAX_REASSEMBLIES) {
            throw new ProtocolException("more than " + MAX_REASSEMBLIES + " fragmented messages in progress");
        }
        if (reassemblies.containsKey(sequence)) {
            throw new ProtocolException("fragment sequence " + sequence + " started twice");
        }
        Reassembly r = new Reassembly(fragmentId);
        r.append(data, settings.maxMessageSize());
        reassemblies.put(sequence, r);
    }

    private void continueReassembly(long sequence, long fragmentId, ByteBuffer data)
            throws IOException, TermDecodeException {
        Reassembly r = reassemblies.get(sequence);
        if (r == null) {
            throw new ProtocolException("continuation of unknown fragment sequence " + sequence);
        }
        if (fragmentId != r.nextFragmentId - 1) {
            throw new ProtocolException("fragment " + fragmentId + " of sequence " + sequence
                    + " out of order, expected " + (r.nextFragmentId - 1));
        }
        r.nextFragmentId = fragmentId;
        r.append(data, settings.maxMessageSize());
        if (fragmentId == 1) {
            reassemblies.remove(sequence);
            decodeMessage(ByteBuffer.wrap(r.buffer.array(), 0, r.buffer.size()));
        }
    }

    /** A fragmented message being put back together. */
    private static final class Reassembly {
        final OutputBuffer buffer = new OutputBuffer(64 * 1024);
        long nextFragmentId;

        Reassembly(long firstFragmentId) {
            this.nextFragmentId = firstFragmentId;
        }

        void append(ByteBuffer data, long limit) throws ProtocolException {
            if (buffer.size() + (long) data.remaining() > limit) {
                throw new ProtocolException("fragmented message over the limit of " + limit + " bytes");
            }
            buffer.writeBytes(data.array(), data.arrayOffset() + data.position(), data.remaining());
        }
    }

    @Override
    public String toString() {
        return "Connection[" + peer.name() + (handshake.visible() ? "" : ", hidden") + "]";
    }
}
