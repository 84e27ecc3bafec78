package org.pkpo;

import java.lang.foreign.ValueLayout;

/** Element type of reward and output buffers. Output always has the type of the input. */
public enum DType {
    F32(ValueLayout.JAVA_FLOAT),
    F64(ValueLayout.JAVA_DOUBLE);

    final ValueLayout layout;

    DType(ValueLayout layout) {
        this.layout = layout;
    }

    /** Bytes per element: 4 or 8. */
    public int byteSize() {
        return (int) layout.byteSize();
    }
}
