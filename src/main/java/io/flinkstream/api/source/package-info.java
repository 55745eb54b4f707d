/**
 * The source API for user sources: a {@link io.flinkstream.api.source.Source} creates one pull-based, non-blocking {@link io.flinkstream.api.source.SourceReader} per subtask and divides its input into immutable splits that carry their own position, so a reader's progress is the list of splits it holds. Depends on nothing else in FlinkStream.
 */
package io.flinkstream.api.source;
