import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs {@link BufferingSink} over a few records with checkpoints on, and records every element it delivers, so a
 * test can check that each is delivered once. At the end of the input the sink delivers what it still holds.
 */
public class BufferingSinkJob {

    /** Every delivered element, from all sink subtasks (they run in this JVM). */
    private static final Queue<String> DELIVERED = new ConcurrentLinkedQueue<>();

    /** A BufferingSink that records its deliveries and delivers its rest when the input ends. */
    public static class RecordingSink extends BufferingSink {
        public RecordingSink(int threshold) {
            super(threshold);
        }

        @Override
        protected void deliver(Tuple2<String, Integer> element) {
            DELIVERED.add(element.toString());
        }

        @Override
        public void finish() {
            flushHeld();
        }
    }

    /** The elements delivered so far, as {@code Tuple2.toString()} gives them. */
    public static List<String> delivered() {
        return new ArrayList<>(DELIVERED);
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        DELIVERED.clear();
        List<Tuple2<String, Integer>> input = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            input.add(Tuple2.of("word-" + (i % 3), i));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(20);
        env.fromCollection(input)
                .addSink(new RecordingSink(3));
        env.execute("buffering sink");
    }
}
