/**
 * The serializers of the basic types (Long, String, BigInteger, Instant, …) and of primitive arrays: stateless
 * singletons. Depends only on the typeutils API.
 */
package io.flinkstream.api.typeutils.base;
