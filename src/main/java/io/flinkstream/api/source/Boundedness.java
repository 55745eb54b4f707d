package io.flinkstream.api.source;

/** Whether a source's input ends. */
public enum Boundedness {
    /** The input ends; the job finishes when every bounded source has ended. */
    BOUNDED,
    /** The input never ends on its own; the job runs until cancelled. */
    CONTINUOUS_UNBOUNDED
}
