package io.flinkstream.api;

import io.flinkstream.api.typeinfo.TypeHint;
import io.flinkstream.api.typeinfo.TypeInformation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys whose hash code is not the same in every JVM are refused at keyBy; the rest pass. */
class KeyTypesTest {
    enum Side { BUY, SELL }

    record Trade(String symbol, Side side) {
    }

    record NamedTrade(String symbol, Side side) {
        @Override
        public int hashCode() {
            return symbol.hashCode() * 31 + side.name().hashCode();
        }
    }

    record Plain(String symbol, long qty) {
    }

    private static void refused(TypeInformation<?> type, String part) {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> KeyTypes.check(type));
        assertTrue(e.getMessage().contains(part) && e.getMessage().contains(Side.class.getName()), e.getMessage());
    }

    @Test
    void enums_and_what_hashes_them_are_refused_naming_the_part() {
        refused(TypeInformation.of(Side.class), "the key (");
        refused(TypeInformation.of(Trade.class), "component side of the key");
        refused(TypeInformation.of(new TypeHint<io.flinkstream.api.tuple.Tuple2<Long, Side>>() { }),
                "field f1 of the key");
        refused(TypeInformation.of(new TypeHint<List<Side>>() { }), "the elements of the key");
        refused(TypeInformation.of(new TypeHint<Optional<Side>>() { }), "the value of the key");
    }

    @Test
    void value_hashed_keys_pass() {
        assertDoesNotThrow(() -> KeyTypes.check(TypeInformation.of(Plain.class)));
        assertDoesNotThrow(() -> KeyTypes.check(TypeInformation.of(String.class)));
        // Its author hashes the enum by name: that is the author's to get right, and right here.
        assertDoesNotThrow(() -> KeyTypes.check(TypeInformation.of(NamedTrade.class)));
        assertDoesNotThrow(() -> KeyTypes.check(
                TypeInformation.of(new TypeHint<io.flinkstream.api.tuple.Tuple2<Long, String>>() { })));
    }
}
