package io.flinkstream.runtime.network;

import java.util.Objects;

/**
 * A five-field POJO (long, String, double, int, boolean) for the record batch tests, the job tests that send it over
 * keyed edges, and the batch format benchmark.
 */
public class Player {
    public long id;
    public String name;
    public double score;
    public int count;
    public boolean active;

    public Player() {
    }

    public Player(long id, String name, double score, int count, boolean active) {
        this.id = id;
        this.name = name;
        this.score = score;
        this.count = count;
        this.active = active;
    }

    /** The player number {@code i} of a deterministic series. */
    public static Player number(long i) {
        return new Player(i, "player-" + i, i * 1.5, (int) (i % 1000), i % 3 == 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Player p && p.id == id && Objects.equals(p.name, name)
                && Double.compare(p.score, score) == 0 && p.count == count && p.active == active;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Player(" + id + ", " + name + ", " + score + ", " + count + ", " + active + ")";
    }
}
