import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Keyed state, as in Flink's state documentation: for every key, averages the second field of each two records
 * and emits (key, average), then starts over.
 */
public class CountWindowAverage extends RichFlatMapFunction<Tuple2<Long, Long>, Tuple2<Long, Long>> {

    /** Per key: how many records are pending (f0) and their sum (f1). */
    private transient ValueState<Tuple2<Long, Long>> average;

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<Tuple2<Long, Long>> descriptor = new ValueStateDescriptor<>(
                "average", TypeInformation.of(new TypeHint<Tuple2<Long, Long>>() {}));
        average = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void flatMap(Tuple2<Long, Long> record, Collector<Tuple2<Long, Long>> out) throws Exception {
        Tuple2<Long, Long> pending = average.value();
        if (pending == null) {
            pending = Tuple2.of(0L, 0L);
        }
        pending.f0 += 1;
        pending.f1 += record.f1;
        if (pending.f0 < 2) {
            average.update(pending);
            return;
        }
        out.collect(Tuple2.of(record.f0, pending.f1 / pending.f0));
        average.clear();
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromElements(Tuple2.of(1L, 3L), Tuple2.of(1L, 5L), Tuple2.of(1L, 7L), Tuple2.of(1L, 4L), Tuple2.of(1L, 2L))
                .keyBy(value -> value.f0)
                .flatMap(new CountWindowAverage())
                .print();
        env.execute("count window average");
    }
}
