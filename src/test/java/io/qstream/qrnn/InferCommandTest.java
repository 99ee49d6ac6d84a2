package io.qstream.qrnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import io.qstream.arrays.Npy;
import io.qstream.cli.CliRun;
import io.qstream.cli.QstreamCommand;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qstream infer}: whole and chunked runs agree with the float64 reference; bad input is reported. */
class InferCommandTest {
    @TempDir Path tmp;

    @Test
    void infersWholeAndChunked() throws Exception {
        Random rnd = new Random(21);
        QrnnModel model = RandomModels.model(rnd, 7, new int[] {6, 5}, new int[] {2, 3}, Pooling.FO, "sigmoid", true);
        Path zip = tmp.resolve("model.zip");
        ModelFiles.save(model, zip);
        float[][] x = RandomModels.frames(rnd, 41, 7);
        Path in = tmp.resolve("in.npy");
        Npy.write(in, FloatMatrix.fromRows(x, 7));
        double[][] ref = ReferenceQrnn.run(model, x);
        for (String chunk : new String[] {null, "1", "5", "100"}) {
            Path out = tmp.resolve("out" + chunk + ".npy");
            int rc = chunk == null
                    ? QstreamCommand.execute("infer", "--model", zip.toString(), "--features", in.toString(), "--out", out.toString())
                    : QstreamCommand.execute("infer", "--model", zip.toString(), "--features", in.toString(), "--out", out.toString(), "--chunk",
                            chunk);
            assertEquals(0, rc);
            FloatMatrix y = Npy.readMatrix(out);
            assertEquals(41, y.rows());
            assertEquals(3, y.cols());
            QrnnModelTest.assertClose(ref, y, "infer --chunk " + chunk);
        }
    }

    @Test
    void reportsDimensionMismatch() throws Exception {
        QrnnModel model = RandomModels.model(new Random(2), 4, new int[] {3}, new int[] {1}, Pooling.F, "none", false);
        Path dir = tmp.resolve("m");
        ModelFiles.save(model, dir);
        Path in = tmp.resolve("bad.npy");
        Npy.write(in, FloatMatrix.zeros(3, 5));
        CliRun run = CliRun.of("infer", "--model", dir.toString(), "--features", in.toString(), "--out", tmp.resolve("o.npy").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("bad.npy: has 5 columns per frame") && run.err().contains("input_dim = 4"), run.err());
    }
}
