package io.flinkstream.cli;

import io.flinkstream.cluster.NodeStartException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The arguments of {@code flinkstream node}: what it says before anything starts. */
class NodeCommandTest {

    @Test
    void when_an_option_is_unknown_or_has_no_value_then_the_command_names_it() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.start(new String[] {"--conf", "x.conf"}));
        assertEquals("unknown option '--conf'", unknown.getMessage());

        IllegalArgumentException noValue = assertThrows(IllegalArgumentException.class,
                () -> NodeCommand.start(new String[] {"--config"}));
        assertEquals("--config needs a value", noValue.getMessage());
    }

    @Test
    void when_the_config_file_is_missing_then_the_command_names_its_path() {
        NodeStartException error = assertThrows(NodeStartException.class,
                () -> NodeCommand.start(new String[] {"--config", "no/such/node.conf"}));
        assertTrue(error.getMessage().contains("no/such/node.conf does not exist"), error.getMessage());
    }
}
