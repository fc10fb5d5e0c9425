package dnnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one helper thread, shared by matrix products ({@link Gemm}) and element loops ({@link Parallel}). The
 * caller that wins {@link #acquire} cuts its work into a few chunks, wakes the worker, and both claim chunks until
 * none are left; then the caller waits for the chunks the worker claimed. If the worker is slow to wake up (the
 * other core is busy), the caller simply runs every chunk itself instead of waiting for it. A caller that finds
 * the worker taken (another thread is using it) runs its work alone.
 */
final class Worker implements Runnable {
    /** Work cut into chunks that the owner and the worker claim, in any order, each exactly once. */
    interface Chunks {
        /** Runs chunk {@code i}; {@code onWorker} says which thread runs it, for per-thread scratch space. */
        void run(int i, boolean onWorker);
    }

    static final Worker INSTANCE = new Worker();
    /** Spin iterations before parking, so back-to-back work does not pay for a wake-up each time. */
    private static final int SPINS = 1 << 10;

    private final AtomicBoolean busy = new AtomicBoolean();
    private final Thread thread;
    /**
     * Claims of the current work: its generation (low 16 bits of it) in bits 48-63, its number of chunks in bits
     * 32-47, chunks claimed from the front (by the owner) in bits 0-15 and from the back (by the worker) in bits
     * 16-31. The owner and the worker start at opposite ends, so with two chunks each thread gets the same half
     * of every product every time (its operands stay in that core's cache). The chunk count travels in the same
     * word so that a thread holding a stale value (of finished work) can never claim a chunk while the owner sets
     * up the next.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile int posted;
    private volatile Thread waiter;
    private volatile Throwable failure;
    // Written by the busy owner before claims is published; read by a thread only after it claimed a chunk,
    // which keeps the work unfinished and so this field unchanged.
    private Chunks task;
    private int generation;

    private Worker() {
        thread = new Thread(this, "dnnc-worker");
        thread.setDaemon(true);
        thread.start();
    }

    /** Takes the worker for the calling thread; false when another thread has it. Pair with {@link #release}. */
    boolean acquire() {
        return busy.compareAndSet(false, true);
    }

    void release() {
        busy.set(false);
    }

    /** Called by the owner (after {@link #acquire}): runs chunks 0 .. count-1 of {@code work} on both threads. */
    void share(Chunks work, int count) {
        task = work;
        failure = null;
        finished.set(0);
        waiter = Thread.currentThread();
        int g = ++generation;
        claims.set((long) (g & 0xFFFF) << 48 | (long) count << 32);
        posted = g;
        LockSupport.unpark(thread);
        try {
            work(g & 0xFFFF, false);
            for (int spin = 0; finished.get() < count; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
        } finally {
            task = null;   // do not keep the caller's arrays alive
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new IllegalStateException(t);
        }
    }

    /** Claims and runs chunks of work {@code g} until none are left. */
    private void work(int g, boolean onWorker) {
        while (true) {
            long v = claims.get();
            int front = (int) v & 0xFFFF, back = (int) (v >>> 16) & 0xFFFF;
            int count = (int) (v >>> 32) & 0xFFFF;
            if ((int) (v >>> 48) != g || front + back >= count) {
                return;
            }
            if (!claims.compareAndSet(v, v + (onWorker ? 1L << 16 : 1L))) {
                continue;
            }
            try {
                task.run(onWorker ? count - 1 - back : front, onWorker);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (finished.incrementAndGet() == count) {
                    Thread w = waiter;
                    if (w != Thread.currentThread()) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    @Override
    public void run() {
        int seen = 0;
        while (true) {
            int p;
            for (int spin = 0; (p = posted) == seen; spin++) {
                if (spin < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = p;
            work(p & 0xFFFF, true);
        }
    }
}
