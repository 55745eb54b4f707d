package io.flinkstream.runtime.task;

import io.flinkstream.api.Collector;
import io.flinkstream.runtime.operators.StreamOperator;

/** Hands records to the next operator of the chain by a plain method call, tagging its exceptions. */
final class ChainingOutput implements Collector<Object> {
    private final StreamOperator<Object, Object> operator;
    private final String operatorName;

    ChainingOutput(StreamOperator<Object, Object> operator, String operatorName) {
        this.operator = operator;
        this.operatorName = operatorName;
    }

    @Override
    public void collect(Object record) {
        try {
            operator.processElement(record);
        } catch (UserCodeException e) {
            throw e;
        } catch (Exception e) {
            throw new UserCodeException(operatorName, e);
        }
    }
}
