package io.flinkstream.api;

/** Base class for rich functions: holds the {@link RuntimeContext} the runtime sets. */
public abstract class AbstractRichFunction implements RichFunction {
    private transient RuntimeContext runtimeContext;

    @Override
    public RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("The runtime context is not set yet: use getRuntimeContext() in open() "
                    + "or later, not in the constructor");
        }
        return runtimeContext;
    }

    @Override
    public void setRuntimeContext(RuntimeContext context) {
        this.runtimeContext = context;
    }
}
