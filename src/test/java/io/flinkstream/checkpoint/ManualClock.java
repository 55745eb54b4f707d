package io.flinkstream.checkpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that only moves when a test advances it: deterministic time for the coordinator's decisions. */
public final class ManualClock extends Clock {
    private Instant now;

    /** A clock standing at {@code start}. */
    public ManualClock(Instant start) {
        this.now = start;
    }

    /** A clock standing at 2024-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2024-01-01T00:00:00Z"));
    }

    /** Moves the clock forward by {@code duration} and returns the new time. */
    public Instant advance(Duration duration) {
        now = now.plus(duration);
        return now;
    }

    /** Moves the clock forward by {@code millis} milliseconds and returns the new time. */
    public Instant advanceMillis(long millis) {
        return advance(Duration.ofMillis(millis));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
