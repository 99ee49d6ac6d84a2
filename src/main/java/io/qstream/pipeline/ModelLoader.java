package io.qstream.pipeline;

import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.io.Serializable;

/**
 * How an operator gets its model on the TaskManager: loaded in {@code open()} by every subtask, since a model
 * holds native buffers that are not shipped with the job graph. {@link ModelFileLoader} reads model files;
 * tests may build a model in code.
 */
@FunctionalInterface
public interface ModelLoader extends Serializable {
    QrnnModel load() throws IOException;
}
