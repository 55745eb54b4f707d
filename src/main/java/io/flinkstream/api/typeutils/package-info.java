/**
 * Serializers: {@code TypeSerializer} and its configuration snapshot for checkpoints, schema compatibility, and the
 * byte views serializers read and write. Flink's names. Depends on nothing of FlinkStream but the API's
 * {@code SuppressRestartsException}; {@code base} holds the serializers of the basic types and {@code runtime} those
 * of composite and generic types.
 */
package io.flinkstream.api.typeutils;
