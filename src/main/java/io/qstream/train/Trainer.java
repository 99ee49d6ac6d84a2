package io.qstream.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a {@link QrnnNet} on labelled sequences with truncated BPTT over parallel lanes.
 *
 * <p>Each epoch shuffles the training sequences and deals them onto {@code lanes} lanes (least-filled first). A
 * minibatch is the next segment (up to {@code segmentFrames} frames, never spanning two sequences) of every lane,
 * and each lane's QRNN state (cells and the last k-1 inputs per layer) is carried into its next segment of the same
 * sequence, so the model trains on the state it will see when streaming; gradients stop at segment starts. Every
 * sequence starts from zero state, as every stream does in the job. After each epoch the model is scored on the validation sequences (streamed
 * whole from zero state, no zoneout/dropout); the best epoch's parameters are kept, the learning rate is cut on a
 * plateau, and training stops after {@code patience} epochs without improvement, {@code maxEpochs}, or the
 * wall-clock budget.
 */
public final class Trainer {
    /** Receives progress; called on the training thread. */
    public interface Listener {
        /** After each minibatch. */
        default void step(int epoch, int step, int steps, double loss, double elapsedSec) {}

        /** After each epoch with the mean training loss and validation metric. */
        default void epoch(EpochResult result) {}
    }

    public record EpochResult(int epoch, double trainLoss, double valLoss, double valMetric, double bestMetric,
                              double learningRate, double elapsedSec, double etaSec, boolean improved) {}

    /** The trained net (best epoch) and its history. */
    public record Result(QrnnNet net, List<EpochResult> history, int bestEpoch, double bestMetric, double seconds,
                         float[] classWeights) {}

    private final TrainConfig config;
    private final List<String> labels;

    public Trainer(TrainConfig config, List<String> labels) {
        config.validate();
        this.config = config;
        this.labels = List.copyOf(labels);
    }

    public Result train(List<LabeledSequence> train, List<LabeledSequence> val, Listener listener) {
        return train(train, val, null, listener);
    }

    /**
     * Trains from {@code init} (its parameters and input normalization; {@code hidden}, {@code windows} and
     * {@code poolings} of the config are then not used), or from a fresh initialization when it is null.
     */
    public Result train(List<LabeledSequence> train, List<LabeledSequence> val, QrnnNet init, Listener listener) {
        if (train.isEmpty()) throw new IllegalArgumentException("no training sequences");
        if (val.isEmpty()) throw new IllegalArgumentException("no validation sequences");
        int dim = train.get(0).features().cols();
        for (LabeledSequence s : train) checkDim(s, dim);
        for (LabeledSequence s : val) checkDim(s, dim);
        QrnnNet net;
        NetShape shape;
        if (init != null) {
            if (init.shape().inputDim() != dim) {
                throw new IllegalArgumentException("initial model takes " + init.shape().inputDim()
                        + " features per frame, the data has " + dim);
            }
            net = init.copyParameters();
            shape = net.shape();
        } else {
            shape = new NetShape(dim, config.hidden, config.windows, config.poolings, labels, "softmax");
            net = new QrnnNet(shape, config.seed);
            float[][] stats = normalization(train, dim);
            net.setNormalization(stats[0], stats[1]);
        }
        float[] classWeights = classWeights(train);
        int target = config.targetLabel == null ? -1 : labels.indexOf(config.targetLabel);
        if (config.targetLabel != null && target < 0) {
            throw new IllegalArgumentException("target label '" + config.targetLabel + "' is not one of " + labels);
        }

        Adam adam = new Adam(net.parameters(), net.gradients(), config.learningRate, config.clipNorm);
        QrnnNet best = net.copyParameters();
        double bestMetric = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0, sinceBest = 0;
        List<EpochResult> history = new ArrayList<>();
        if (init != null) {
            // Epoch 0 is the initial model: training keeps it unless an epoch beats it on validation.
            Evaluation ev0 = evaluate(net, val, classWeights, target);
            bestMetric = ev0.metric;
            EpochResult r0 = new EpochResult(0, Double.NaN, ev0.loss, ev0.metric, bestMetric, config.learningRate, 0, 0,
                    true);
            history.add(r0);
            if (listener != null) listener.epoch(r0);
        }
        SplittableRandom rng = new SplittableRandom(config.seed);
        long t0 = System.nanoTime();
        long stepSeed = config.seed * 7919L;
        for (int epoch = 1; epoch <= config.maxEpochs; epoch++) {
            Lanes lanes = deal(train, rng);
            NetStateSet states = new NetStateSet(shape, config.lanes);
            int steps = lanes.steps(config.segmentFrames);
            double lossSum = 0;
            for (int s = 0; s < steps; s++) {
                float[][] inputs = new float[config.lanes][];
                int[][] targets = new int[config.lanes][];
                float[][] weights = new float[config.lanes][];
                for (int b = 0; b < config.lanes; b++) {
                    Lane lane = lanes.lanes[b];
                    if (lane.clipDone() && lane.next()) states.states[b].reset(); // a new stream starts from zero
                    if (lane.finished()) {
                        inputs[b] = new float[0];
                        targets[b] = new int[0];
                        weights[b] = new float[0];
                        continue;
                    }
                    LabeledSequence seq = lane.current();
                    int from = lane.offset;
                    int len = Math.min(config.segmentFrames, seq.frames() - from);
                    inputs[b] = Arrays.copyOfRange(seq.features().data(), from * dim, (from + len) * dim);
                    float shift = lane.shift();
                    if (shift != 0) for (int i = 0; i < inputs[b].length; i++) inputs[b][i] += shift;
                    targets[b] = Arrays.copyOfRange(seq.labels(), from, from + len);
                    weights[b] = new float[len];
                    for (int t = 0; t < len; t++) weights[b][t] = classWeights[targets[b][t]];
                    lane.offset += len;
                }
                net.zeroGradients();
                QrnnNet.Pass pass = net.forward(inputs, states.states,
                        new QrnnNet.Regularization(config.zoneout, config.dropout, stepSeed++));
                double loss = net.backward(pass, targets, weights, true);
                adam.step();
                lossSum += loss;
                if (listener != null) listener.step(epoch, s + 1, steps, loss, (System.nanoTime() - t0) / 1e9);
            }
            Evaluation ev = evaluate(net, val, classWeights, target);
            boolean improved = ev.metric > bestMetric + 1e-5;
            if (improved) {
                bestMetric = ev.metric;
                bestEpoch = epoch;
                best.copyFrom(net);
                sinceBest = 0;
            } else {
                sinceBest++;
                adam.setLearningRate(adam.learningRate() * config.decayOnPlateau);
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double perEpoch = elapsed / epoch;
            int remaining = config.maxEpochs - epoch;
            double eta = Math.min(remaining * perEpoch, Math.max(0, config.maxMinutes * 60 - elapsed));
            EpochResult r = new EpochResult(epoch, lossSum / Math.max(1, steps), ev.loss, ev.metric, bestMetric,
                    adam.learningRate(), elapsed, eta, improved);
            history.add(r);
            if (listener != null) listener.epoch(r);
            if (sinceBest >= config.patience || elapsed + perEpoch > config.maxMinutes * 60) break;
        }
        return new Result(best, history, bestEpoch, bestMetric, (System.nanoTime() - t0) / 1e9, classWeights);
    }

    private static void checkDim(LabeledSequence s, int dim) {
        if (s.features().cols() != dim) {
            throw new IllegalArgumentException(s.name() + ": feature dim " + s.features().cols() + ", expected " + dim);
        }
    }

    /** Validation loss (class-weighted) and metric (target label's F1, or macro F1). */
    public record Evaluation(double loss, double metric, FrameMetrics metrics) {}

    public Evaluation evaluate(QrnnNet net, List<LabeledSequence> seqs, float[] classWeights, int target) {
        FrameMetrics metrics = new FrameMetrics(labels, 0);
        double lossSum = 0;
        long frames = 0;
        for (LabeledSequence s : seqs) {
            QrnnNet.LaneState st = new QrnnNet.LaneState(net.shape());
            QrnnNet.Pass pass = net.forward(new float[][] {s.features().data()}, new QrnnNet.LaneState[] {st},
                    QrnnNet.Regularization.NONE);
            metrics.add(s.labels(), argmax(pass.probs[0], net.shape().classes()));
            float[] w = new float[s.frames()];
            for (int t = 0; t < w.length; t++) w[t] = classWeights[s.labels()[t]];
            lossSum += net.backward(pass, new int[][] {s.labels()}, new float[][] {w}, false) * s.frames();
            frames += s.frames();
        }
        double metric;
        if (target >= 0) {
            metric = metrics.f1(target);
        } else {
            metric = 0;
            for (int c = 0; c < labels.size(); c++) metric += metrics.f1(c);
            metric /= labels.size();
        }
        return new Evaluation(lossSum / Math.max(1, frames), metric, metrics);
    }

    /** Streams one whole sequence [T * n] from zero state; argmax class per frame. */
    public static int[] predict(QrnnNet net, float[] features) {
        QrnnNet.LaneState st = new QrnnNet.LaneState(net.shape());
        QrnnNet.Pass pass = net.forward(new float[][] {features}, new QrnnNet.LaneState[] {st},
                QrnnNet.Regularization.NONE);
        return argmax(pass.probs[0], net.shape().classes());
    }

    /** Class with the highest probability per frame of [T * c] probabilities. */
    static int[] argmax(float[] p, int c) {
        int[] out = new int[p.length / c];
        for (int t = 0; t < out.length; t++) {
            int arg = 0;
            for (int j = 1; j < c; j++) if (p[t * c + j] > p[t * c + arg]) arg = j;
            out[t] = arg;
        }
        return out;
    }

    /** Per-dimension mean and std over all training frames ([0] = mean, [1] = std, floored at 1e-3). */
    static float[][] normalization(List<LabeledSequence> seqs, int dim) {
        double[] sum = new double[dim], sq = new double[dim];
        long n = 0;
        for (LabeledSequence s : seqs) {
            float[] d = s.features().data();
            for (int t = 0; t < s.frames(); t++) {
                for (int i = 0; i < dim; i++) {
                    double v = d[t * dim + i];
                    sum[i] += v;
                    sq[i] += v * v;
                }
            }
            n += s.frames();
        }
        float[] mean = new float[dim], std = new float[dim];
        for (int i = 0; i < dim; i++) {
            double m = sum[i] / Math.max(1, n);
            mean[i] = (float) m;
            std[i] = (float) Math.max(1e-3, Math.sqrt(Math.max(0, sq[i] / Math.max(1, n) - m * m)));
        }
        return new float[][] {mean, std};
    }

    /** weight_c = (mean count / count_c)^power, normalized so the frame-average weight is 1. */
    float[] classWeights(List<LabeledSequence> seqs) {
        int c = labels.size();
        long[] counts = new long[c];
        long total = 0;
        for (LabeledSequence s : seqs) for (int y : s.labels()) {
            counts[y]++;
            total++;
        }
        float[] w = new float[c];
        double avg = 0;
        for (int i = 0; i < c; i++) {
            w[i] = counts[i] == 0 ? 0f : (float) Math.pow((double) total / c / counts[i], config.classWeightPower);
            avg += w[i] * counts[i];
        }
        avg /= Math.max(1, total);
        for (int i = 0; i < c; i++) w[i] /= (float) avg;
        return w;
    }

    /** One lane: its sequences in order, a cursor, and each sequence's level shift (gain augmentation). */
    private static final class Lane {
        final List<LabeledSequence> seqs = new ArrayList<>();
        final List<Float> shifts = new ArrayList<>();
        int index = 0;
        int offset = 0;

        LabeledSequence current() { return seqs.get(index); }

        float shift() { return shifts.get(index); }

        boolean finished() { return index >= seqs.size(); }

        boolean clipDone() { return !finished() && offset >= current().frames(); }

        /** Moves to the next sequence; true if there is one. */
        boolean next() {
            index++;
            offset = 0;
            return !finished();
        }
    }

    private static final class Lanes {
        Lane[] lanes;

        /** Steps until the busiest lane is done: segments never span two sequences. */
        int steps(int segment) {
            int max = 0;
            for (Lane l : lanes) {
                int s = 0;
                for (LabeledSequence q : l.seqs) s += (q.frames() + segment - 1) / segment;
                max = Math.max(max, s);
            }
            return max;
        }
    }

    private static final class NetStateSet {
        final QrnnNet.LaneState[] states;

        NetStateSet(NetShape shape, int lanes) {
            states = new QrnnNet.LaneState[lanes];
            for (int b = 0; b < lanes; b++) states[b] = new QrnnNet.LaneState(shape);
        }
    }

    /**
     * Shuffles the sequences onto the lanes (least-filled lane first). Each sequence is a stream of its own: its
     * lane's state is reset when it starts, as the streaming job starts every input from zero state, so the model
     * learns stream onsets too; within a sequence the state is carried from segment to segment.
     */
    private Lanes deal(List<LabeledSequence> train, SplittableRandom rng) {
        List<LabeledSequence> order = new ArrayList<>(train);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            LabeledSequence tmp = order.get(i);
            order.set(i, order.get(j));
            order.set(j, tmp);
        }
        Lanes out = new Lanes();
        out.lanes = new Lane[config.lanes];
        long[] fill = new long[config.lanes];
        for (int b = 0; b < config.lanes; b++) out.lanes[b] = new Lane();
        for (LabeledSequence s : order) {
            int least = 0;
            for (int b = 1; b < config.lanes; b++) if (fill[b] < fill[least]) least = b;
            out.lanes[least].seqs.add(s);
            out.lanes[least].shifts.add(config.gainAugmentDb > 0
                    ? (float) ((rng.nextDouble() * 2 - 1) * config.gainAugmentDb * Math.log(10) / 10) : 0f);
            fill[least] += s.frames();
        }
        return out;
    }
}
