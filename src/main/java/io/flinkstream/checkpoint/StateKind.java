package io.flinkstream.checkpoint;

/**
 * What a state handle holds, recorded in the checkpoint metadata (version 2) so that a restore never infers it from
 * a blob's name.
 */
public enum StateKind {
    /** Keyed state of a keyed operator for one key-group range, in its keyed backend's format. */
    KEYED,
    /** The operator state (named lists, union lists) of one operator of one subtask. */
    OPERATOR,
    /** A source reader's splits with their positions, of one source subtask. */
    SOURCE
}
