/**
 * The serializers of composite and generic types (tuples, POJOs, records, collections, Kryo) and what their snapshots
 * share. Depends on the typeutils API, its {@code base} serializers and Kryo.
 */
package io.flinkstream.api.typeutils.runtime;
