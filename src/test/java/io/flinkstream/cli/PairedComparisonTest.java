package io.flinkstream.cli;

import io.flinkstream.cli.PairedComparison.Round;
import io.flinkstream.cli.PairedComparison.Side;
import io.flinkstream.cli.PairedComparison.Summary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.flinkstream.cli.PairedComparison.Side.A;
import static io.flinkstream.cli.PairedComparison.Side.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The statistics of {@code bench --compare}: run order, pairing into rounds, medians, ratios and cost. */
class PairedComparisonTest {

    private static final double EPSILON = 1e-9;

    @Test
    void when_ordering_one_to_four_rounds_then_the_rounds_alternate_A_B_and_B_A() {
        // When / Then
        assertEquals(List.of(A, B), PairedComparison.abbaOrder(1));
        assertEquals(List.of(A, B, B, A), PairedComparison.abbaOrder(2));
        assertEquals(List.of(A, B, B, A, A, B), PairedComparison.abbaOrder(3));
        assertEquals(List.of(A, B, B, A, A, B, B, A), PairedComparison.abbaOrder(4));
        assertEquals("A B B A A B", PairedComparison.describe(PairedComparison.abbaOrder(3)));
    }

    @Test
    void when_ordering_no_rounds_then_it_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.abbaOrder(0));
    }

    @Test
    void when_taking_the_median_of_an_odd_count_then_it_is_the_middle_value_and_the_list_is_unchanged() {
        // Given
        List<Double> values = new ArrayList<>(List.of(5.0, 1.0, 9.0, 3.0, 7.0));

        // When
        double median = PairedComparison.median(values);

        // Then
        assertEquals(5.0, median, EPSILON);
        assertEquals(List.of(5.0, 1.0, 9.0, 3.0, 7.0), values);
    }

    @Test
    void when_taking_the_median_of_an_even_count_then_it_is_the_mean_of_the_two_middle_values() {
        assertEquals(2.5, PairedComparison.median(List.of(4.0, 1.0, 3.0, 2.0)), EPSILON);
        assertEquals(6.0, PairedComparison.median(List.of(6.0)), EPSILON);
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.median(List.of()));
    }

    @Test
    void given_runs_in_abba_order_when_pairing_them_then_each_round_holds_its_own_A_and_B_rates() {
        // Given four runs: round 1 ran A then B, round 2 B then A
        List<Side> order = PairedComparison.abbaOrder(2);
        List<Double> rates = List.of(10.0, 9.0, 8.0, 12.0);

        // When
        List<Round> rounds = PairedComparison.rounds(order, rates);

        // Then
        assertEquals(List.of(new Round(10.0, 9.0), new Round(12.0, 8.0)), rounds);
        assertThrows(IllegalArgumentException.class, () -> PairedComparison.rounds(order, List.of(1.0, 2.0)));
    }

    @Test
    void given_equal_workloads_and_a_linear_drift_when_summarizing_an_even_number_of_rounds_then_the_drift_cancels() {
        // Given two identical workloads on a machine that gets faster by 1 M records/s with every run
        List<Side> order = PairedComparison.abbaOrder(4);
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            rates.add(10e6 + i * 1e6);
        }

        // When
        Summary summary = PairedComparison.summarize(PairedComparison.rounds(order, rates));

        // Then the medians are equal, though each round alone favours whichever ran second
        assertEquals(1.0, summary.ratio(), EPSILON);
        assertEquals(0.0, PairedComparison.costPercent(summary.ratio()), EPSILON);
        assertEquals(new PairedComparison.Spread(13.5e6, 10e6, 17e6), summary.a());
        assertEquals(new PairedComparison.Spread(13.5e6, 11e6, 16e6), summary.b());
        assertEquals(List.of(11.0 / 10, 12.0 / 13, 15.0 / 14, 16.0 / 17), summary.roundRatios());
    }

    @Test
    void given_B_faster_than_A_when_summarizing_then_the_cost_is_negative() {
        // Given B at 11 M records/s against A's 10, then 22 against 20
        List<Round> rounds = List.of(new Round(10e6, 11e6), new Round(20e6, 22e6));

        // When
        Summary summary = PairedComparison.summarize(rounds);

        // Then
        assertEquals(16.5 / 15, summary.ratio(), EPSILON);
        assertEquals(1.1, summary.medianRoundRatio(), EPSILON);
        assertEquals(-10.0, PairedComparison.costPercent(summary.medianRoundRatio()), EPSILON);
        assertEquals(List.of(
                "Summary of 2 rounds, rates to the end of input in M records/s:",
                "  A W1   median 15.00  min-max 10.00-20.00",
                "  B W1C  median 16.50  min-max 11.00-22.00",
                "  B/A of the medians: 1.100  cost (1 - B/A) = -10.0 %",
                "  B/A per round: r1 1.100  r2 1.100  median 1.100, cost -10.0 %"), summary.lines("W1", "W1C"));
    }

    @Test
    void given_B_slower_than_A_when_computing_the_cost_then_it_is_positive() {
        assertEquals(4.0, PairedComparison.costPercent(0.96), EPSILON);
    }
}
