package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.arrays.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {
    /**
     * A toy labelling task that needs memory: frames are noisy, "speech" runs have a raised mean in dim 0 but
     * single frames overlap heavily, so the recurrence must integrate over time to label well.
     */
    static List<LabeledSequence> toy(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<LabeledSequence> out = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int frames = 150 + rng.nextInt(100);
            float[] x = new float[frames * 3];
            int[] y = new int[frames];
            int t = 0;
            boolean on = rng.nextBoolean();
            while (t < frames) {
                int len = 15 + rng.nextInt(30);
                for (int i = t; i < Math.min(frames, t + len); i++) y[i] = on ? 1 : 0;
                t += len;
                on = !on;
            }
            for (int i = 0; i < frames; i++) {
                x[i * 3] = (float) (rng.nextGaussian() * 1.0 + (y[i] == 1 ? 1.2 : 0));
                x[i * 3 + 1] = (float) rng.nextGaussian();
                x[i * 3 + 2] = (float) (5 + rng.nextGaussian());
            }
            out.add(new LabeledSequence("toy" + s, new FloatMatrix(frames, 3, x), y));
        }
        return out;
    }

    static TrainConfig config() {
        TrainConfig c = new TrainConfig();
        c.hidden = new int[] {8, 8};
        c.windows = new int[] {2, 2};
        c.poolings = new String[] {"fo", "ifo"};
        c.segmentFrames = 40;
        c.lanes = 4;
        c.maxEpochs = 12;
        c.patience = 4;
        c.learningRate = 1e-2;
        c.targetLabel = "speech";
        c.seed = 3;
        return c;
    }

    @Test
    void learnsATaskThatNeedsMemoryAndBeatsSingleFrames() {
        List<LabeledSequence> train = toy(1, 24), val = toy(2, 6);
        Trainer trainer = new Trainer(config(), List.of("nonspeech", "speech"));
        Trainer.Result r = trainer.train(train, val, null);
        // A single-frame threshold on dim 0 reaches ~0.73 F1 here (overlapping Gaussians 1.2 sigma apart);
        // integrating over ~10 frames should do far better.
        assertTrue(r.bestMetric() > 0.85, "validation F1 " + r.bestMetric());
        double first = r.history().get(0).trainLoss();
        double last = r.history().get(r.history().size() - 1).trainLoss();
        assertTrue(last < first, "training loss went from " + first + " to " + last);
    }

    @Test
    void sameSeedSameModel() {
        List<LabeledSequence> train = toy(1, 8), val = toy(2, 2);
        TrainConfig c = config();
        c.maxEpochs = 2;
        QrnnNet a = new Trainer(c, List.of("nonspeech", "speech")).train(train, val, null).net();
        QrnnNet b = new Trainer(c, List.of("nonspeech", "speech")).train(train, val, null).net();
        for (int p = 0; p < a.parameters().length; p++) assertArrayEquals(a.parameters()[p], b.parameters()[p]);
    }
}
