import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.SinkFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Operator state, as in Flink's state documentation: a sink that holds records back until it has
 * {@code threshold} of them and then hands them on in one go. The records it holds are operator list state, so a
 * checkpoint keeps them and a restore gets them back.
 */
public class BufferingSink implements SinkFunction<Tuple2<String, Integer>>, CheckpointedFunction {

    private final int threshold;
    private final List<Tuple2<String, Integer>> held = new ArrayList<>();
    private transient ListState<Tuple2<String, Integer>> checkpointed;

    public BufferingSink(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public void invoke(Tuple2<String, Integer> value, Context context) throws Exception {
        held.add(value);
        if (held.size() >= threshold) {
            flushHeld();
        }
    }

    /** Hands every held record on, in arrival order, and forgets them. */
    protected void flushHeld() {
        for (Tuple2<String, Integer> element : held) {
            deliver(element);
        }
        held.clear();
    }

    /** Where a real sink would write to its external system. */
    protected void deliver(Tuple2<String, Integer> element) {
        System.out.println("delivered " + element);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointed.update(held);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        ListStateDescriptor<Tuple2<String, Integer>> descriptor = new ListStateDescriptor<>(
                "buffered-elements", TypeInformation.of(new TypeHint<Tuple2<String, Integer>>() {}));
        checkpointed = context.getOperatorStateStore().getListState(descriptor);
        if (context.isRestored()) {
            for (Tuple2<String, Integer> element : checkpointed.get()) {
                held.add(element);
            }
        }
    }
}
