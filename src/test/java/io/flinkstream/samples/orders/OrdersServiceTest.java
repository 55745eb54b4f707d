package io.flinkstream.samples.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The orders sample service, run as a user would: its own system, its journal, the job inside, one failure. */
class OrdersServiceTest {

    @Test
    void when_the_job_fails_once_midway_then_the_service_totals_still_count_every_order_once(@TempDir Path data)
            throws Exception {
        // Given 400 orders over 7 customers, half written while the job runs, and a failure at the 150th event
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        OrdersService.Outcome outcome = OrdersService.run(new OrdersService.Options(400, 7, 150, data),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        // Then the totals actor holds the journal's sums, having applied exactly one update per order
        assertEquals(outcome.expected(), outcome.received().totals(), printed.toString(StandardCharsets.UTF_8));
        assertEquals(400, outcome.received().applied());
        assertEquals(1, outcome.restarts(), "the injected failure happened and the job resumed");
        assertTrue(outcome.exact());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Totals are exact"));
    }
}
