package io.qstream.pipeline;

import io.qstream.qrnn.ModelFiles;
import io.qstream.qrnn.QrnnModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model directory or .zip (qstream-qrnn/1, see ARCHITECTURE.md) with {@link ModelFiles}. */
public final class ModelFileLoader implements ModelLoader {
    private static final long serialVersionUID = 1L;
    private final String path;

    public ModelFileLoader(String path) {
        this.path = path;
    }

    @Override
    public QrnnModel load() throws IOException {
        Path p = Path.of(path);
        if (!Files.exists(p)) throw new IOException("model " + path + " does not exist");
        return ModelFiles.load(p);
    }

    @Override
    public String toString() { return path; }
}
