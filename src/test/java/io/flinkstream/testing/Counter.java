package io.flinkstream.testing;

import java.util.Objects;

/** A mutable POJO for state tests: public fields and a no-arg constructor, as users write them. */
public class Counter {
    public String word;
    public long count;

    public Counter() {
    }

    public Counter(String word, long count) {
        this.word = word;
        this.count = count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counter other && Objects.equals(word, other.word) && count == other.count;
    }

    @Override
    public int hashCode() {
        return Objects.hash(word, count);
    }

    @Override
    public String toString() {
        return word + "=" + count;
    }
}
