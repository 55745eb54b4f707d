package io.flinkstream.api.typeutils.base;

import io.flinkstream.api.typeutils.DataInputView;
import io.flinkstream.api.typeutils.DataOutputView;
import io.flinkstream.api.typeutils.SimpleTypeSerializerSnapshot;
import io.flinkstream.api.typeutils.TypeSerializer;
import io.flinkstream.api.typeutils.TypeSerializerSnapshot;

import java.io.IOException;

/** Serializes {@link Character} values: 2 bytes. Immutable, so never copied; stateless, so shared. */
public final class CharSerializer extends TypeSerializer<Character> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final CharSerializer INSTANCE = new CharSerializer();

    private CharSerializer() {
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public CharSerializer duplicate() {
        return this;
    }

    @Override
    public Character createInstance() {
        return (char) 0;
    }

    @Override
    public Character copy(Character from) {
        return from;
    }

    @Override
    public int getLength() {
        return 2;
    }

    @Override
    public void serialize(Character record, DataOutputView target) throws IOException {
        target.writeChar(record);
    }

    @Override
    public Character deserialize(DataInputView source) throws IOException {
        return source.readChar();
    }

    @Override
    public TypeSerializerSnapshot<Character> snapshotConfiguration() {
        return new CharSerializerSnapshot();
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof CharSerializer;
    }

    @Override
    public int hashCode() {
        return CharSerializer.class.hashCode();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** The snapshot of {@link CharSerializer}: it has no configuration. */
    public static final class CharSerializerSnapshot extends SimpleTypeSerializerSnapshot<Character> {
        public CharSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
