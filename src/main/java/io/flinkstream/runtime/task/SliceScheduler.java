package io.flinkstream.runtime.task;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Keeps a subtask's task running in slices through the actor's own mailbox, so control messages interleave with
 * data. After a slice with more to do the subtask sends itself a continue message, queued behind what already waits;
 * after an idle slice with records buffered, a flush-if-idle message, which arrives only once the mailbox has been
 * worked through; after a source found nothing to read, it polls again on a timer. At most one continue and one
 * flush-if-idle message wait in the mailbox at a time. The actor does the sending; this class only decides.
 */
final class SliceScheduler {
    /** How long a source that found nothing to read waits before it polls again. */
    static final Duration POLL_DELAY = Duration.ofMillis(1);

    private final Runnable sendContinue;
    private final Runnable sendFlushIfIdle;
    private final Consumer<Duration> pollLater;
    private boolean continueScheduled;
    private boolean flushScheduled;

    /**
     * @param sendContinue sends the subtask its continue message
     * @param sendFlushIfIdle sends the subtask its flush-if-idle message
     * @param pollLater starts the timer that runs the next slice after the given delay
     */
    SliceScheduler(Runnable sendContinue, Runnable sendFlushIfIdle, Consumer<Duration> pollLater) {
        this.sendContinue = sendContinue;
        this.sendFlushIfIdle = sendFlushIfIdle;
        this.pollLater = pollLater;
    }

    /**
     * Schedules what follows a slice that ended with {@code step}: {@code MORE}, {@code IDLE}, {@code POLL_LATER} or
     * {@code WAIT_FOR_CREDIT} (which waits for a credit message). {@code bufferedOutput} tells whether records sit in
     * partly filled batches.
     */
    void afterSlice(StreamTask.Step step, BooleanSupplier bufferedOutput) {
        switch (step) {
            case MORE -> {
                if (!continueScheduled) {
                    continueScheduled = true;
                    sendContinue.run();
                }
            }
            case IDLE -> {
                // Flush only once the mailbox has been worked through: batches queued behind us may still fill it.
                if (!flushScheduled && bufferedOutput.getAsBoolean()) {
                    flushScheduled = true;
                    sendFlushIfIdle.run();
                }
            }
            case POLL_LATER -> pollLater.accept(POLL_DELAY);
            case WAIT_FOR_CREDIT -> { }
            default -> throw new IllegalStateException("Unknown step " + step);
        }
    }

    /** The continue message arrived: the next slice with more to do sends another. */
    void continueArrived() {
        continueScheduled = false;
    }

    /** The flush-if-idle message arrived: the next idle slice with records buffered sends another. */
    void flushArrived() {
        flushScheduled = false;
    }

    /** The task was closed: forget what was sent for it. */
    void reset() {
        continueScheduled = false;
        flushScheduled = false;
    }
}
