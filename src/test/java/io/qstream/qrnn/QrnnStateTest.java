package io.qstream.qrnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.qstream.arrays.FloatMatrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The state survives serialization (a checkpoint) and a restored stream continues exactly. */
class QrnnStateTest {
    @Test
    void serializedStateContinuesTheStream() throws Exception {
        Random rnd = new Random(4);
        QrnnModel model = RandomModels.model(rnd, 5, new int[] {6, 4}, new int[] {3, 2}, Pooling.FO, "none", false);
        float[][] x = RandomModels.frames(rnd, 20, 5);
        QrnnState live = model.newState();
        model.forward(FloatMatrix.fromRows(java.util.Arrays.copyOfRange(x, 0, 9), 5), live);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(live);
        }
        QrnnState restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (QrnnState) in.readObject();
        }
        assertNotSame(live, restored);
        FloatMatrix rest = FloatMatrix.fromRows(java.util.Arrays.copyOfRange(x, 9, 20), 5);
        FloatMatrix a = model.forward(rest, live);
        FloatMatrix b = model.forward(rest, restored);
        assertArrayEquals(a.data(), b.data());
        assertArrayEquals(live.cell[1], restored.cell[1]);
        assertArrayEquals(live.history[0], restored.history[0]);
    }
}
