package io.flinkstream.state;

import io.flinkstream.api.state.StateDescriptor;
import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.TypeSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the value a heap state keeps per key is written in a keyed snapshot, by kind of state: the value itself for
 * value, reducing and aggregating state (with the descriptor's serializer); the element count and the elements for
 * list state; the entry count and per entry the user key, a presence byte and the user value for map state. The
 * serializers are given in the order {@link #serializersOf} returns them, and write through {@link StateCodec}. Not thread-safe: it uses the serializers it
 * was given, so each snapshot makes its own with duplicated serializers.
 */
final class StateValueFormat {
    private final StateDescriptor.Type kind;
    private final TypeSerializer<Object> first;
    private final TypeSerializer<Object> second;
    private final StateCodec firstCodec;
    private final StateCodec secondCodec;

    @SuppressWarnings("unchecked")
    StateValueFormat(StateDescriptor.Type kind, List<? extends TypeSerializer<?>> serializers) {
        this.kind = kind;
        this.first = (TypeSerializer<Object>) serializers.get(0);
        this.second = serializers.size() > 1 ? (TypeSerializer<Object>) serializers.get(1) : null;
        this.firstCodec = StateCodec.of(first);
        this.secondCodec = second == null ? null : StateCodec.of(second);
        if ((kind == StateDescriptor.Type.MAP) != (second != null)) {
            throw new IllegalArgumentException(kind + " state needs " + (kind == StateDescriptor.Type.MAP ? 2 : 1)
                    + " serializers, got " + serializers.size());
        }
    }

    /** The serializers of a registered state, in format order: the user key's before the user value's for maps. */
    static List<TypeSerializer<?>> serializersOf(StateDescriptor<?, ?> descriptor) {
        if (descriptor instanceof io.flinkstream.api.state.MapStateDescriptor<?, ?> map) {
            return List.of(map.getUserKeySerializer(), map.getUserValueSerializer());
        }
        return List.of(descriptor.getSerializer());
    }

    /** This format with every serializer duplicated, for another thread. */
    StateValueFormat duplicate() {
        return new StateValueFormat(kind, second == null ? List.of(first.duplicate())
                : List.of(first.duplicate(), second.duplicate()));
    }

    void write(Object value, DataOutputView out) throws IOException {
        switch (kind) {
            case LIST -> {
                List<?> list = (List<?>) value;
                out.writeVarInt(list.size());
                for (Object element : list) {
                    firstCodec.write(element, out);
                }
            }
            case MAP -> {
                Map<?, ?> map = (Map<?, ?>) value;
                out.writeVarInt(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    firstCodec.write(entry.getKey(), out);
                    if (entry.getValue() == null) {
                        out.writeBoolean(false);
                    } else {
                        out.writeBoolean(true);
                        secondCodec.write(entry.getValue(), out);
                    }
                }
            }
            default -> firstCodec.write(value, out);
        }
    }

    Object read(DataInputView in) throws IOException {
        switch (kind) {
            case LIST -> {
                int n = in.readLength("a list state's element count");
                ArrayList<Object> list = new ArrayList<>(Math.min(n, 1 << 16));
                for (int i = 0; i < n; i++) {
                    list.add(firstCodec.read(in));
                }
                return list;
            }
            case MAP -> {
                int n = in.readLength("a map state's entry count");
                HashMap<Object, Object> map = new HashMap<>(Math.max(16, Math.min(n, 1 << 16) * 4 / 3 + 1));
                for (int i = 0; i < n; i++) {
                    Object key = firstCodec.read(in);
                    map.put(key, in.readBoolean() ? secondCodec.read(in) : null);
                }
                return map;
            }
            default -> {
                return firstCodec.read(in);
            }
        }
    }
}
