package io.qstream.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabelDiffTest {
    private static final String F0 = "{\"stream\":\"a\",\"frame\":0,\"t\":0.000,\"label\":\"x\",\"scores\":{\"x\":0.6000,\"y\":0.4000}}";
    private static final String F1 = "{\"stream\":\"a\",\"frame\":1,\"t\":0.010,\"label\":\"y\",\"scores\":{\"x\":0.3000,\"y\":0.7000}}";
    private static final String S = "{\"stream\":\"b\",\"label\":\"y\",\"start\":0.100,\"end\":0.500,\"score\":0.9000}";

    @Test
    void interleavingAcrossStreamsAndScoresWithinToleranceAreEqual() {
        String f1Close = F1.replace("0.7000", "0.7004");
        assertEquals(List.of(), LabelDiff.diff(List.of(F0, F1, S), List.of(S, F0, f1Close), 1e-3));
    }

    @Test
    void everyDifferenceIsReported() {
        List<String> d = LabelDiff.diff(List.of(F0, F1, S),
                List.of(F0.replace("\"label\":\"x\"", "\"label\":\"y\""), F1.replace("0.7000", "0.7100"), F1,
                        S.replace("0.500", "0.510"), "{\"stream\":\"c\",\"error\":\"boom\",\"t\":0.000}"), 1e-3);
        assertEquals(List.of(
                "stream a: 3 records, expected 2",
                "stream a record 0 (frame 0): label \"y\", expected \"x\"",
                "stream a record 1 (frame 1): score of y 0.71, expected 0.7 ± 0.001",
                "stream a: unexpected " + F1.replace("\"t\":0.010", "\"t\":0.01").replace("0.3000", "0.3").replace("0.7000", "0.7"),
                "stream b record 0 (y segment at 0.1): end 0.51, expected 0.5",
                "stream c: not expected, but 1 records"), d);
    }
}
