package io.beamlink.dist;

import io.beamlink.term.Atom;
import io.beamlink.term.OutputBuffer;
import io.beamlink.term.Term;
import io.beamlink.term.TermDecodeException;
import io.beamlink.term.ReusableTermDecoder;
import io.beamlink.term.TermDecoder;
import io.beamlink.term.TermEncoder;
import io.beamlink.term.Tuple;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Collection;
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
 * <p>Send path: the sender encodes into the shared pending buffer under a short lock. A lone
 * message (nothing being written, no burst going on) is written at once by the sender itself,
 * which keeps round trips short. When a sender keeps sending, the connection's writer thread
 * takes over: senders only append, and the writer drains everything queued with one write, so a
 * stream of messages costs one system call per batch instead of one per message (as OTP's
 * distribution port writes what has queued up). Messages larger than a fragment (when the peer
 * takes fragments) are moved out of the buffer and queued one fragment at a time, so ticks and
 * small messages interleave with them. A sender waits while the queue is over
 * {@link ConnectionSettings#maxPendingBytes()}, except a {@link ServiceThreads service thread},
 * which never waits and leaves the writing to the writer thread: a reader never stops reading to
 * write, so two nodes whose readers answer each other cannot block each other.
 */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int PASS_THROUGH = 112;
    private static final int VERSION = 131;
    private static final int DIST_HEADER = 68;
    private static final int FRAG_HEADER = 69;
    private static final int FRAG_CONT = 70;
    /** 131, 68 and the number of atom cache references (always 0: the cache is not negotiated). */
    private static final int DIST_HEADER_LENGTH = 3;
    /** A connection starts with a small read buffer, which grows while reads keep filling it. */
    private static final int MIN_READ_BUFFER = 4 * 1024;
    private static final int MAX_READ_BUFFER = 64 * 1024;
    /** Small reads in a row after which a grown read buffer goes back to its small size. */
    private static final int SMALL_READS_BEFORE_SHRINK = 64;
    private static final int MIN_WRITE_BUFFER = 256;
    /** Decoding recurses only a few levels, so the reader needs little stack; the delivery path is shallow too. */
    private static final long READER_STACK_BYTES = 256 * 1024;
    /**
     * Sends that follow the end of the previous one within this gap count as a burst; after
     * {@link #BURST_LENGTH} of them the writer thread takes over from the senders.
     */
    private static final long BURST_GAP_NANOS = 20_000;
    private static final int BURST_LENGTH = 3;
    private static final int MAX_REASSEMBLIES = 256;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final int SHRINK_ABOVE = 64 * 1024;
    /**
     * Messages in a run at most (see {@link Listener#onRunDispatched}): a few microseconds of
     * decoding for small ones. A run also ends before a large frame is read or reassembled.
     */
    public static final int MESSAGES_PER_RUN = 32;
    /**
     * A large message's later fragments are queued only while at most this many fragments' worth
     * waits to be written, not up to {@link ConnectionSettings#maxPendingBytes()}: what others send
     * meanwhile (a ping, a call) then waits behind about that much, not behind megabytes of one
     * message, as in OTP, where the sending process yields between fragments. (Measured with a
     * 64 MiB message to an erl node: 12 to 18 pings answered during the transfer instead of 1 to 4.)
     */
    static final int FRAGMENTS_AHEAD = 4;
    /** How many times {@link ConnectionSettings#maxPendingBytes()} service threads may queue. */
    static final int SERVICE_OVERFLOW_FACTOR = 4;
    /** The close reason when Beamlink itself failed on a frame (a bug, never the peer's fault). */
    public static final Atom INTERNAL_ERROR = Atom.of("beamlink_internal_error");

    /** Where a connection delivers what it receives. */
    public interface Listener {
        /**
         * A control message arrived (called on the connection's reader thread, in arrival order).
         * What the listener holds back for a run of these (such as receivers' wake-ups) it gives
         * in {@link #onRunDispatched}.
         */
        void onMessage(Connection connection, ControlMessage message);

        /**
         * The reader dispatched a run of messages: before each socket read, before it reads or
         * decodes a message too large for its buffer, after at most {@link #MESSAGES_PER_RUN}
         * messages, and when it stops (before {@link #onClosed}). Same thread as {@link #onMessage}.
         */
        default void onRunDispatched(Connection connection) {
        }

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
    /** For frames in their own array: large binaries are shared with it, not copied. Reader thread only. */
    private final ReusableTermDecoder decoder;
    /** For frames decoded inside the reused read buffer: every binary is copied out. Reader thread only. */
    private final ReusableTermDecoder inPlaceDecoder;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final Condition writeWanted = lock.newCondition();
    private OutputBuffer pending = new OutputBuffer(MIN_WRITE_BUFFER);
    private OutputBuffer writing = new OutputBuffer(MIN_WRITE_BUFFER);
    /** Someone (a sender or the writer thread) is draining {@link #pending}. */
    private boolean writerActive;
    /** The writer thread has been asked to drain. */
    private boolean handedOff;
    private final LazyWrites lazyWrites;
    /** A flush of lazy frames is scheduled. */
    private boolean lazyFlushDue;
    private boolean writerStarted;
    /** When the last send returned; read by the next sender to tell a burst from lone messages. */
    private volatile long lastSendEndNanos;
    private int quickSends;
    private long nextSequenceId = 1;

    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile long messagesIn;
    /** Set once when service threads' sends overflowed the queue; guarded by the lock. */
    private boolean overflowed;
    /** Messages dispatched since the listener last heard {@link Listener#onRunDispatched}; reader thread only. */
    private int dispatchedInRun;
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
        this.lazyWrites = new LazyWrites(settings.lazyWriteDelay());
        this.handshake = handshake;
        this.settings = settings;
        this.listener = listener;
        this.peer = Atom.of(handshake.peerName());
        this.flags = handshake.flags();
        this.headerFormat = (flags & (DistFlags.FRAGMENTS | DistFlags.DIST_HDR_ATOM_CACHE)) != 0;
        this.decoder = TermDecoder.builder().maxDepth(settings.maxDepth()).build().reusable();
        this.inPlaceDecoder = TermDecoder.builder().maxDepth(settings.maxDepth())
                .minSharedBinarySize(Integer.MAX_VALUE).build().reusable();
        this.out = socket.getOutputStream();
        socket.setSoTimeout(0);
    }

    /** Starts the reader thread. */
    public void start() {
        Thread.Builder reader = switch (settings.readerThread()) {
            case PLATFORM -> Thread.ofPlatform().daemon().stackSize(READER_STACK_BYTES);
            case VIRTUAL -> Thread.ofVirtual();
        };
        reader.name("beamlink-reader-" + peer.name()).start(this::readLoop);
    }

    /**
     * Reads on the calling thread until the connection closes: for a caller whose thread is
     * already the kind {@link ConnectionSettings#readerThread()} asks for.
     */
    public void serveOnCurrentThread() {
        readLoop();
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

    /** The socket's TCP options as the kernel reports them now (buffer sizes as it rounded them); zero sizes if it is closed. */
    public TcpOptions tcpOptions() {
        try {
            return new TcpOptions(socket.getTcpNoDelay(), socket.getKeepAlive(), socket.getSendBufferSize(),
                    socket.getReceiveBufferSize());
        } catch (SocketException closed) {
            return new TcpOptions(false, false, 0, 0);
        }
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
        return enqueue(message, Write.NOW);
    }

    /**
     * Queues a control message that nothing needs at once, such as a {@code DEMONITOR}, or that
     * a later write is known to take along (a remote spawn's reply, which the new process
     * {@linkplain #flush flushes}): it goes out with the next write on this connection, or after
     * {@link ConnectionSettings#lazyWriteDelay()} (5 ms by default) when none comes (the flush
     * takes this connection's lock, so a sender encoding a large message under it can delay it).
     * A call's demonitor then travels with the next call's request, in one system call, and the
     * peer's reader wakes once for both. Order with every other message on the connection is kept.
     * A message too large for one frame is written at once, as by {@link #send}.
     */
    public boolean sendLazily(ControlMessage message) {
        return enqueue(message, Write.LAZILY);
    }

    /**
     * Queues messages that waited for this connection to come up, ahead of anything sent later,
     * without waiting for room or writing them: the net kernel calls this under its lock, which
     * a peer that does not read must not be able to hold. {@link #flushInBackground()} has them
     * written.
     */
    public void queueBacklog(Collection<ControlMessage> backlog) {
        for (ControlMessage message : backlog) {
            enqueue(message, Write.NOT_HERE);
        }
    }

    /** Has the writer thread write what is queued, unless someone is writing already; does not wait. */
    public void flushInBackground() {
        lock.lock();
        try {
            if (claimIdleQueue()) {
                handOffToWriter();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Who writes a queued message, and when. */
    private enum Write {
        /** The sender, when no one else is writing. */
        NOW,
        /** Whoever writes next on the connection, or the writer thread after {@link #lazyWrites}' delay. */
        LAZILY,
        /** Not the sender, who must not wait for room either: someone calls {@link #flushInBackground()}. */
        NOT_HERE
    }

    /** Queues a message; unless {@link Write#NOT_HERE}, waits for room first. */
    private boolean enqueue(ControlMessage message, Write write) {
        boolean backlog = write == Write.NOT_HERE;
        if (closed.get()) {
            return false;
        }
        boolean writeNow;
        int frameSize;
        byte[] tooLargeForOneFrame = null;
        lock.lock();
        try {
            if (!backlog && !awaitRoom(true)) {
                return false;
            }
            int start = pending.size();
            try {
                pending.writeInt(0);
                writeFrameBody(message, pending);
            } catch (RuntimeException e) {
                // Nothing half-encoded may stay in the stream.
                pending.truncate(start);
                throw e;
            }
            frameSize = pending.size() - start;
            if (frameSize - 4 - DIST_HEADER_LENGTH > settings.fragmentSize() && (flags & DistFlags.FRAGMENTS) != 0) {
                // Decided after encoding, so that small messages are never walked twice.
                tooLargeForOneFrame = pending.copyOfRange(start + 4 + DIST_HEADER_LENGTH, pending.size());
                pending.truncate(start);
                writeNow = false;
            } else {
                pending.putInt(start, frameSize - 4);
                messagesOut++;
                writeNow = switch (write) {
                    case NOW -> !deferredToBatch() && startWriting();
                    case LAZILY -> {
                        flushLazilyUnlessWriting();
                        yield false;
                    }
                    case NOT_HERE -> false;
                };
            }
        } finally {
            lock.unlock();
        }
        if (tooLargeForOneFrame != null) {
            return sendFragmented(message, tooLargeForOneFrame, backlog);
        }
        emit(TraceEvent.Kind.MESSAGE_OUT, message, frameSize);
        if (writeNow) {
            drain();
        }
        if (write != Write.LAZILY) {
            // Not for a lazy frame: it is not written here, and the send after it is no burst.
            lastSendEndNanos = System.nanoTime();
        }
        return true;
    }

    /**
     * Called under the lock after a frame was queued: true when the sending thread's
     * {@link WriteBatch} will write it, which it may while no one else is writing and the queue
     * is at most half full (so that no sender can wait for room that only a batch would make).
     */
    private boolean deferredToBatch() {
        return !writerActive && pending.size() <= settings.maxPendingBytes() / 2 && WriteBatch.defer(this);
    }

    /**
     * Writes what is queued on the calling thread, unless someone is writing already: what a
     * {@link WriteBatch} held back, or frames queued {@link #sendLazily lazily} that the caller
     * wants out now. On a {@link ServiceThreads service thread}, the writer thread writes them.
     */
    public void flush() {
        boolean claimed;
        lock.lock();
        try {
            claimed = claimIdleQueue() && mayWriteHere();
        } finally {
            lock.unlock();
        }
        if (claimed) {
            drain();
        }
    }

    /**
     * Called under the lock after a lazy frame was queued: a writer at work writes it anyway;
     * otherwise the writer thread is asked for it after {@link #lazyWrites}' delay, once for all
     * the lazy frames queued meanwhile.
     */
    private void flushLazilyUnlessWriting() {
        if (!writerActive && !lazyFlushDue) {
            lazyFlushDue = true;
            lazyWrites.flushLater(this);
        }
    }

    /** The lazy frames' time is up: the writer thread writes what no one has written meanwhile. */
    void flushLazyFrames() {
        lock.lock();
        try {
            lazyFlushDue = false;
            if (claimIdleQueue()) {
                handOffToWriter();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called under the lock: takes the writer's role when something is queued and no one is writing it. */
    private boolean claimIdleQueue() {
        if (writerActive || pending.size() == 0 || closed.get()) {
            return false;
        }
        writerActive = true;
        return true;
    }

    /**
     * Called under the lock after a frame was queued: true when the caller should write it
     * itself; otherwise a writer is already draining or the writer thread has been asked to.
     */
    private boolean startWriting() {
        long now = System.nanoTime();
        quickSends = now - lastSendEndNanos < BURST_GAP_NANOS ? quickSends + 1 : 0;
        if (writerActive) {
            return false;
        }
        writerActive = true;
        if (quickSends >= BURST_LENGTH) {
            handOffToWriter();
            return false;
        }
        return mayWriteHere();
    }

    /**
     * Called under the lock by a thread that took the writer's role: true when it should write
     * now; a {@link ServiceThreads service thread}, a reader answering its own peer included,
     * hands the queue to the writer thread instead, so that it never waits on a socket.
     */
    private boolean mayWriteHere() {
        if (ServiceThreads.isCurrent()) {
            handOffToWriter();
            return false;
        }
        return true;
    }

    /**
     * Called under the lock. The writer thread starts with the first hand-off (a burst, or the
     * first tick), which may come before the connection is started (messages queued during setup).
     */
    private void handOffToWriter() {
        handedOff = true;
        if (!writerStarted) {
            writerStarted = true;
            Thread.ofVirtual().name("beamlink-writer-" + peer.name()).start(this::writeLoop);
        } else {
            writeWanted.signal();
        }
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

    /**
     * Queues a message that was encoded (control and payload, no header) into {@code whole} one
     * fragment at a time, writing each unless {@code backlog} (then all are queued at once).
     */
    private boolean sendFragmented(ControlMessage message, byte[] whole, boolean backlog) {
        int fragmentData = settings.fragmentSize();
        int total = whole.length;
        long fragments = (total + fragmentData - 1) / fragmentData;
        long sequence;
        lock.lock();
        try {
            sequence = nextSequenceId++;
        } finally {
            lock.unlock();
        }
        long laterFragmentsLimit = Math.min(settings.maxPendingBytes(), (long) FRAGMENTS_AHEAD * fragmentData);
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
                // Once the first fragment is out, the rest follow even if the sender is interrupted.
                if (!backlog && !awaitRoom(i == 0, i == 0 ? settings.maxPendingBytes() : laterFragmentsLimit)) {
                    return false;
                }
                int start = pending.size();
                pending.writeInt(0);
                pending.writeByte(VERSION);
                pending.writeByte(i == 0 ? FRAG_HEADER : FRAG_CONT);
                pending.writeLong(sequence);
                pending.writeLong(fragmentId);
                if (i == 0) {
                    pending.writeByte(0);
                }
                pending.writeBytes(whole, offset, length);
                pending.putInt(start, pending.size() - start - 4);
                if (i == 0) {
                    messagesOut++;
                }
                becomeWriter = !backlog && !writerActive;
                writerActive |= becomeWriter;
                becomeWriter = becomeWriter && mayWriteHere();
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

    /**
     * Called under the lock before a frame is queued: whether it may be. An ordinary sender waits
     * while the queue is over its limit, so that no sender can queue without bound; when its
     * thread is interrupted meanwhile (a process killed while it waits) and {@code mayDrop}, its
     * message is dropped. A {@link ServiceThreads service thread} never waits; but once the queue
     * holds {@value #SERVICE_OVERFLOW_FACTOR} times the limit, the peer is not reading even the
     * answers to what it sends, and the connection is closed (on a thread of its own, outside
     * this lock, as closing runs the nodedown handling). {@code mayDrop} is false for the later
     * fragments of a message: once its first is queued, the rest follow in any case.
     */
    private boolean awaitRoom(boolean mayDrop) {
        return awaitRoom(mayDrop, settings.maxPendingBytes());
    }

    /** As {@link #awaitRoom(boolean)}, an ordinary sender waiting while more than {@code limit} bytes are queued. */
    private boolean awaitRoom(boolean mayDrop, long limit) {
        if (pending.size() <= limit) {
            return true;
        }
        if (ServiceThreads.isCurrent()) {
            // Past the first fragment, the rest of a message must follow whatever the queue holds.
            if (!mayDrop || pending.size() <= (long) settings.maxPendingBytes() * SERVICE_OVERFLOW_FACTOR) {
                return true;
            }
            if (!overflowed) {
                overflowed = true;
                LOG.error("closing the connection to {}: {} bytes wait to be written and it does not read them",
                        peer.name(), pending.size());
                Thread.ofVirtual().name("beamlink-overflow-" + peer.name())
                        .start(() -> close(Atom.of("connection_closed"), "the peer does not read"));
            }
            return false;
        }
        // Frames a WriteBatch holds back may have filled the queue with no one writing: have them
        // written rather than wait for that batch, which may be this sender's, to close.
        if (claimIdleQueue()) {
            handOffToWriter();
        }
        if (!mayDrop) {
            while (pending.size() > limit && !closed.get()) {
                drained.awaitUninterruptibly();
            }
            return true;
        }
        try {
            while (pending.size() > limit && !closed.get()) {
                drained.await();
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debug("a send to {} was dropped: the sender was interrupted waiting for room", peer.name());
            return false;
        }
    }

    /**
     * Writes with the calling thread's interrupt status put aside, and Beamlink's interrupts held
     * back until the write is done ({@link InterruptShield}): the JDK closes the socket of a
     * virtual thread that is interrupted when its write has to wait, and a process killed by an
     * exit signal is interrupted while it may still send.
     */
    private void writeKeepingInterrupt(OutputBuffer batch) throws IOException {
        InterruptShield.enter();
        boolean interrupted = Thread.interrupted();
        try {
            out.write(batch.array(), 0, batch.size());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            InterruptShield.leave();
        }
    }

    /**
     * Writes whatever is pending until the queue is empty; only one thread drains at a time. A
     * sender that took the writer's role writes one batch, its own message with whatever came
     * with it, and hands what others queued meanwhile to the writer thread: otherwise a stream
     * from other senders could keep it writing for as long as it lasts.
     */
    private void drain() {
        drain(false);
    }

    private void drain(boolean writerThread) {
        boolean wrote = false;
        while (true) {
            OutputBuffer batch;
            lock.lock();
            try {
                if (pending.size() == 0 || closed.get()) {
                    writerActive = false;
                    drained.signalAll();
                    return;
                }
                if (wrote && !writerThread) {
                    handOffToWriter();
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
                writeKeepingInterrupt(batch);
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
            wrote = true;
        }
    }

    /**
     * A burst may have grown the output buffers to megabytes; once a tick interval passed
     * without a message sent, give that back rather than keep it per connection. (Not when a
     * burst ends: streams come in bursts, and the buffers would only grow again.)
     */
    private void shrinkIdleBuffers() {
        lock.lock();
        try {
            if (writerActive || pending.size() > 0) {
                return;
            }
            if (writing.array().length > SHRINK_ABOVE) {
                writing = new OutputBuffer(MIN_WRITE_BUFFER);
            }
            if (pending.array().length > SHRINK_ABOVE) {
                pending = new OutputBuffer(MIN_WRITE_BUFFER);
            }
        } finally {
            lock.unlock();
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
        if (!wroteSomething) {
            shrinkIdleBuffers();
        }
        boolean hidden = !handshake.visible();
        if (!wroteSomething || (hidden && !readSomething)) {
            sendTick();
        }
    }

    private void sendTick() {
        lock.lock();
        try {
            if (pending.size() > 0) {
                // Someone writes it, or it is a lazy frame whose flush is due, a backlog about to be
                // flushed, or what a WriteBatch holds until it closes: a message goes out soon.
                return;
            }
            pending.writeInt(0);
            ticksOut++;
            if (claimIdleQueue()) {
                // The ticker must never block on a socket: the writer thread writes instead.
                handOffToWriter();
            }
        } finally {
            lock.unlock();
        }
        emit(TraceEvent.Kind.TICK_OUT, null, 4);
    }

    /** The writer thread: drains the queue whenever a sender or the ticker hands it over. */
    private void writeLoop() {
        while (true) {
            lock.lock();
            try {
                while (!handedOff && !closed.get()) {
                    writeWanted.awaitUninterruptibly();
                }
                if (closed.get()) {
                    return;
                }
                handedOff = false;
            } finally {
                lock.unlock();
            }
            drain(true);
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
            writeWanted.signal();
        } finally {
            lock.unlock();
        }
        emit(TraceEvent.Kind.CLOSED, null, 0);
        // Whoever closes (a reader, a failed writer, a user's disconnect), the nodedown handling
        // that follows must not wait on another peer.
        ServiceThreads.serve(() -> listener.onClosed(this, reason));
    }

    private void readLoop() {
        ServiceThreads.serve(this::readUntilClosed);
    }

    private void readUntilClosed() {
        try {
            readFrames();
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

    /** Reads and dispatches frames until the socket fails or closes. */
    private void readFrames() throws IOException, TermDecodeException {
        try {
            InputStream in = socket.getInputStream();
            ReadBuffer buffer = new ReadBuffer();
            while (!closed.get()) {
                endRun();
                int n = buffer.readFrom(in);
                if (n < 0) {
                    throw new EOFException("peer closed the connection");
                }
                bytesIn += n;
                lastActivityMillis = System.currentTimeMillis();
                // Not once the connection closed (a failed write or the ticker may close it
                // meanwhile): nothing it still holds may arrive after the nodedown.
                while (!closed.get() && buffer.available() >= 4) {
                    long length = buffer.peekFrameLength();
                    if (length == 0) {
                        ticksIn++;
                        buffer.skip(4);
                        emit(TraceEvent.Kind.TICK_IN, null, 4);
                        continue;
                    }
                    if (length > settings.maxMessageSize()) {
                        throw new ProtocolException("frame of " + length + " bytes is over the limit of "
                                + settings.maxMessageSize());
                    }
                    currentFrameBytes = 4 + length;
                    if (buffer.available() - 4 >= length) {
                        // Decoded where it lies; the decoder copies what it keeps, as the buffer is reused.
                        onFrame(buffer.frame((int) length), inPlaceDecoder);
                        buffer.skip(4 + (int) length);
                    } else if (4 + length <= MAX_READ_BUFFER) {
                        buffer.makeRoomFor(4 + (int) length);
                        break;
                    } else {
                        // Too large to buffer: the frame gets its own array, which decoded binaries may share.
                        byte[] frame = new byte[(int) length];
                        int buffered = buffer.moveFrameStart(frame);
                        endRun();
                        readFully(in, frame, buffered);
                        bytesIn += length - buffered;
                        onFrame(ByteBuffer.wrap(frame), decoder);
                    }
                }
            }
        } finally {
            // Before the caller reports the connection closed, so no receiver sleeps through that.
            endRun();
        }
    }

    private void endRun() {
        if (dispatchedInRun > 0) {
            dispatchedInRun = 0;
            listener.onRunDispatched(this);
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

    private void onFrame(ByteBuffer data, ReusableTermDecoder decoder) throws IOException, TermDecodeException {
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
                decodeMessage(data, decoder);
            }
            case FRAG_HEADER -> {
                need(data, 17, "fragment header");
                long sequence = data.getLong();
                long fragmentId = data.getLong();
                readNoAtomCacheRefs(data);
                if (fragmentId == 1) {
                    decodeMessage(data, decoder);
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

    private void decodeMessage(ByteBuffer data, ReusableTermDecoder decoder) throws IOException, TermDecodeException {
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
        // Counted first, so a listener that fails after holding something back still hears the run's end.
        dispatchedInRun++;
        listener.onMessage(this, message);
        if (dispatchedInRun >= MESSAGES_PER_RUN) {
            endRun();
        }
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
            // A reassembled message may take long to decode: what the run holds back goes first.
            endRun();
            decodeMessage(ByteBuffer.wrap(r.buffer.array(), 0, r.buffer.size()), this.decoder);
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

    /**
     * The reader's buffer: bytes {@code [start, end)} are read and not yet consumed. It starts
     * small, so that an idle connection holds little, doubles while reads keep filling it, and
     * goes back to the small size after a run of small reads.
     */
    private static final class ReadBuffer {
        byte[] bytes = new byte[MIN_READ_BUFFER];
        int start;
        int end;
        private int smallReads;
        /** A view of {@link #bytes} for {@link #frame}; replaced when the array is. */
        private ByteBuffer view;

        /** Reads what the socket has into the free space; -1 at the end of the stream. */
        int readFrom(InputStream in) throws IOException {
            if (start == end) {
                start = end = 0;
                if (bytes.length > MIN_READ_BUFFER && smallReads >= SMALL_READS_BEFORE_SHRINK) {
                    bytes = new byte[MIN_READ_BUFFER];
                    smallReads = 0;
                }
            } else if (end == bytes.length) {
                makeRoomFor(end - start + 1);
            }
            int room = bytes.length - end;
            int n = in.read(bytes, end, room);
            if (n > 0) {
                end += n;
                if (n == room && bytes.length < MAX_READ_BUFFER) {
                    // The socket had at least as much as there was room for: a stream, read bigger.
                    grow(Math.min(MAX_READ_BUFFER, bytes.length * 2));
                }
                smallReads = n < MIN_READ_BUFFER / 2 ? smallReads + 1 : 0;
            }
            return n;
        }

        int available() {
            return end - start;
        }

        long peekFrameLength() {
            return Integer.toUnsignedLong((int) INT.get(bytes, start));
        }

        /** The frame of {@code length} bytes after the 4-byte length at {@code start}, in a view reused from frame to frame. */
        ByteBuffer frame(int length) {
            if (view == null || view.array() != bytes) {
                view = ByteBuffer.wrap(bytes);
            }
            return view.limit(start + 4 + length).position(start + 4);
        }

        void skip(int count) {
            start += count;
        }

        /** Makes sure {@code count} bytes from {@code start} fit, moving or growing the content. */
        void makeRoomFor(int count) {
            if (count > bytes.length) {
                grow(Integer.highestOneBit(count - 1) << 1);
            } else if (count > bytes.length - start) {
                System.arraycopy(bytes, start, bytes, 0, end - start);
                end -= start;
                start = 0;
            }
        }

        private void grow(int capacity) {
            byte[] larger = new byte[capacity];
            System.arraycopy(bytes, start, larger, 0, end - start);
            end -= start;
            start = 0;
            bytes = larger;
        }

        /**
         * Moves what is buffered of the frame whose 4-byte length is at {@code start} into
         * {@code frame}, which leaves the buffer empty; returns how many bytes that was.
         */
        int moveFrameStart(byte[] frame) {
            int buffered = end - start - 4;
            System.arraycopy(bytes, start + 4, frame, 0, buffered);
            start = end = 0;
            return buffered;
        }
    }

    @Override
    public String toString() {
        return "Connection[" + peer.name() + (handshake.visible() ? "" : ", hidden") + "]";
    }
}
