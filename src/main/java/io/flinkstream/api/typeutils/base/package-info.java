/** The serializers of the basic types (Long, String, …): stateless singletons. Depends only on the typeutils API. */
package io.flinkstream.api.typeutils.base;
