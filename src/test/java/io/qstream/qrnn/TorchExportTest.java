package io.qstream.qrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * tools/export_torch_qrnn.py: a random torchqrnn-layout QRNN run in PyTorch, exported, must give the same
 * outputs from our forward (≤ 1e-4), whole and in chunks. Needs Debian's /usr/bin/python3 with torch and
 * numpy (CI installs python3-torch); without them this test FAILS, it is never skipped.
 */
class TorchExportTest {
    static final String PYTHON = "/usr/bin/python3";
    static final Path SCRIPT = Path.of(System.getProperty("basedir", ".")).resolve("tools/export_torch_qrnn.py");
    @TempDir Path tmp;

    @BeforeAll
    static void needsTorch() throws Exception {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " not found: TorchExportTest needs Debian's python3 with torch and numpy"
                    + " (apt-get install python3-torch python3-numpy; .ci/run does this)");
        }
        Result r = run(List.of(PYTHON, "-c", "import torch, numpy"));
        if (r.code != 0) {
            fail(PYTHON + " cannot import torch/numpy: TorchExportTest needs them"
                    + " (apt-get install python3-torch python3-numpy; .ci/run does this). Python said: " + r.output);
        }
        assertTrue(Files.isRegularFile(SCRIPT), SCRIPT + " missing");
    }

    @ParameterizedTest(name = "window={0} outputGate={1} hidden={2} head={3}")
    @CsvSource({
        "1, 0, 5,     none",
        "2, 1, '6,5', softmax",
        "3, 0, '4,4,3', sigmoid",
        "2, 0, 8,     softmax",
    })
    void exportedTorchQrnnMatchesOurForward(int window, int outputGate, String hidden, String head) throws Exception {
        Path dir = tmp.resolve("case");
        Result r = run(List.of(PYTHON, SCRIPT.toString(), "selftest", "--out", dir.toString(), "--window", Integer.toString(window),
                "--output-gate", Integer.toString(outputGate), "--hidden", hidden, "--head", head, "--frames", "29",
                "--seed", Integer.toString(window * 10 + outputGate)));
        assertEquals(0, r.code, "export_torch_qrnn.py selftest failed: " + r.output);
        QrnnModel model = ModelFiles.load(dir.resolve("model.zip"));
        assertEquals(outputGate == 1 ? Pooling.FO : Pooling.F, model.layers().get(0).pooling());
        FloatMatrix x = Npy.readMatrix(dir.resolve("input.npy"));
        FloatMatrix expected = Npy.readMatrix(dir.resolve("expected.npy"));
        double[][] ref = new double[expected.rows()][expected.cols()];
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) ref[i][j] = expected.get(i, j);
        }
        QrnnModelTest.assertClose(ref, model.forward(x, model.newState()), "torch vs qstream, whole");
        QrnnState st = model.newState();
        List<FloatMatrix> parts = new ArrayList<>();
        for (int from = 0; from < x.rows(); from += 4) parts.add(model.forward(x.rowRange(from, Math.min(x.rows(), from + 4)), st));
        QrnnModelTest.assertClose(ref, QrnnModelTest.concat(parts, model.outputDim()), "torch vs qstream, chunks of 4");
    }

    record Result(int code, String output) {}

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
