package io.flinkstream.cli;

import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The statistics of a paired benchmark of two workloads, A and B: the order of the runs, the pairing of their
 * rates into rounds, and the summary. Pure: the runs themselves are {@link Bench}'s.
 *
 * <p>A round is one run of A and one of B, next to each other. Round 1 runs A then B, round 2 B then A, and so on
 * (A B B A A B B A …): with an even number of rounds, A and B sit at the same average position in the sequence,
 * so a drift that grows linearly with time — the JIT, the heap, a neighbour's load — favours neither.
 */
final class PairedComparison {

    private PairedComparison() {
    }

    /** Which of the two compared workloads a run belongs to. */
    enum Side { A, B }

    /**
     * One round: the rates of its A run and its B run, in records per second.
     *
     * @param aRate the A run's rate
     * @param bRate the B run's rate
     */
    record Round(double aRate, double bRate) {
        /** B's rate over A's: below 1 when B is slower. */
        double ratio() {
            return bRate / aRate;
        }
    }

    /**
     * The median and range of some rates.
     *
     * @param median the middle value, or the mean of the two middle values for an even count
     * @param min the smallest value
     * @param max the largest value
     */
    record Spread(double median, double min, double max) {
        static Spread of(List<Double> values) {
            DoubleSummaryStatistics range = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
            return new Spread(PairedComparison.median(values), range.getMin(), range.getMax());
        }
    }

    /**
     * The outcome of a paired comparison.
     *
     * @param a the spread of A's rates
     * @param b the spread of B's rates
     * @param ratio B's median rate over A's
     * @param roundRatios each round's B/A, in round order
     */
    record Summary(Spread a, Spread b, double ratio, List<Double> roundRatios) {
        Summary {
            roundRatios = List.copyOf(roundRatios);
        }

        /** The median of the rounds' B/A ratios. */
        double medianRoundRatio() {
            return median(roundRatios);
        }

        /** The summary as printed by {@code bench --compare}, one string per line, without line breaks. */
        List<String> lines(String aName, String bName) {
            String perRound = IntStream.range(0, roundRatios.size())
                    .mapToObj(i -> String.format("r%d %.3f", i + 1, roundRatios.get(i)))
                    .collect(Collectors.joining("  "));
            int width = Math.max(aName.length(), bName.length());
            return List.of(
                    String.format("Summary of %d rounds, rates to the end of input in M records/s:", roundRatios.size()),
                    spreadLine("A", aName, width, a),
                    spreadLine("B", bName, width, b),
                    String.format("  B/A of the medians: %.3f  cost (1 - B/A) = %s", ratio, cost(ratio)),
                    String.format("  B/A per round: %s  median %.3f, cost %s", perRound, medianRoundRatio(),
                            cost(medianRoundRatio())));
        }

        private static String spreadLine(String side, String name, int width, Spread spread) {
            return String.format("  %s %-" + width + "s  median %.2f  min-max %.2f-%.2f", side, name,
                    spread.median() / 1e6, spread.min() / 1e6, spread.max() / 1e6);
        }

        private static String cost(double ratio) {
            return String.format("%+.1f %%", costPercent(ratio));
        }
    }

    /**
     * The sides of the {@code 2 * rounds} runs, in the order to run them: A B, then B A, then A B, …
     *
     * @param rounds at least 1
     */
    static List<Side> abbaOrder(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, not " + rounds);
        }
        List<Side> order = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            order.addAll(round % 2 == 0 ? List.of(Side.A, Side.B) : List.of(Side.B, Side.A));
        }
        return List.copyOf(order);
    }

    /** The order as letters, e.g. {@code "A B B A"}. */
    static String describe(List<Side> order) {
        return order.stream().map(Side::name).collect(Collectors.joining(" "));
    }

    /**
     * Pairs the rates of runs made in {@code order} into rounds: runs {@code 2i} and {@code 2i + 1} form round
     * {@code i}.
     *
     * @param order as from {@link #abbaOrder}
     * @param rates one per run, in the same order
     */
    static List<Round> rounds(List<Side> order, List<Double> rates) {
        if (order.size() != rates.size()) {
            throw new IllegalArgumentException(rates.size() + " rates for " + order.size() + " runs");
        }
        List<Round> rounds = new ArrayList<>();
        for (int i = 0; i + 1 < order.size(); i += 2) {
            if (order.get(i) == order.get(i + 1)) {
                throw new IllegalArgumentException("runs " + i + " and " + (i + 1) + " are both " + order.get(i));
            }
            boolean aFirst = order.get(i) == Side.A;
            rounds.add(new Round(rates.get(aFirst ? i : i + 1), rates.get(aFirst ? i + 1 : i)));
        }
        return List.copyOf(rounds);
    }

    /** The spreads of A and B, the ratio of their medians and each round's ratio. */
    static Summary summarize(List<Round> rounds) {
        Spread a = Spread.of(rounds.stream().map(Round::aRate).toList());
        Spread b = Spread.of(rounds.stream().map(Round::bRate).toList());
        return new Summary(a, b, b.median() / a.median(), rounds.stream().map(Round::ratio).toList());
    }

    /** The middle value, or the mean of the two middle values for an even count; the list is not changed. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** What B costs relative to A, {@code (1 - B/A)} in percent: positive when B is slower, negative when faster. */
    static double costPercent(double ratio) {
        return (1 - ratio) * 100;
    }
}
