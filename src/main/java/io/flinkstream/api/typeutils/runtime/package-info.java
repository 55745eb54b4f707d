/**
 * The serializers of composite and generic types (tuples, POJOs, records, lists, maps, Optional, enums, object arrays,
 * Kryo), the snapshot of serializers built from nested ones ({@code CompositeSerializerSnapshot}) and what their
 * snapshots share. Depends on the typeutils API, its {@code base} serializers, the tuple classes and Kryo.
 */
package io.flinkstream.api.typeutils.runtime;
