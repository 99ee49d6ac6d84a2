package io.qstream.labels;


import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The JSON Lines output records (docs/ARCHITECTURE.md, "Output records"), with fixed decimals so equal runs give
 * byte-identical lines: times in seconds with 3 decimals, scores with the pipeline's {@code score-decimals}.
 * <ul>
 *   <li>frame: {@code {"stream","frame","t","label","scores":{label: score}}}
 *   <li>segment: {@code {"stream","label","start","end","score"}}
 *   <li>error (a stream ended early): {@code {"stream","error","t"}}
 * </ul>
 * a stream shorter than one frame {@code {"stream","frames":0,"note"}} ({@link #noFrames}), a stream without a
 * segment {@code {"stream","frames","segments":0,"note"}} ({@link #noSegments}),
 * and, not in the label output, one summary per finished stream for the client ({@code io.qstream.flink.SummaryCollector}):
 * {@code {"stream","frames","seconds","segments","error"?}}.
 */
public final class LabelJson {
    /** Parses and writes label lines (plain-number decimals); configured once here, never changed after. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private LabelJson() {}

    public static String frame(String stream, long frame, double t, List<String> labels, float[] scores, int from,
                               int decimals) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream", stream);
        n.put("frame", frame);
        n.put("t", round(t, 3));
        int best = 0;
        for (int j = 1; j < labels.size(); j++) if (scores[from + j] > scores[from + best]) best = j;
        n.put("label", labels.get(best));
        ObjectNode s = n.putObject("scores");
        for (int j = 0; j < labels.size(); j++) s.put(labels.get(j), round(scores[from + j], decimals));
        return write(n);
    }

    public static String segment(String stream, String label, double start, double end, double score, int decimals) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream", stream);
        n.put("label", label);
        n.put("start", round(start, 3));
        n.put("end", round(end, 3));
        n.put("score", round(score, decimals));
        return write(n);
    }

    public static String error(String stream, String error, double t) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream", stream);
        n.put("error", error);
        n.put("t", round(t, 3));
        return write(n);
    }

    /**
     * The record of a stream that ended normally before its first full frame (e.g. 10 ms of audio with 25 ms frames),
     * so that a consumer can tell "nothing to label" from "lost": {@code {"stream","frames":0,"note"}}.
     */
    public static String noFrames(String stream) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream", stream);
        n.put("frames", 0);
        n.put("note", "shorter than one frame: nothing to label");
        return write(n);
    }

    /**
     * The record of a stream that was labelled to its end without one segment (e.g. no speech in it) while frame
     * records are off: without it the output would hold nothing at all for that stream, as if it had been lost.
     * {@code {"stream","frames":n,"segments":0,"note"}}.
     *
     * @param segmentLabels the labels segments are written for, e.g. [speech]
     */
    public static String noSegments(String stream, long frames, List<String> segmentLabels) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream", stream);
        n.put("frames", frames);
        n.put("segments", 0);
        n.put("note", "no " + String.join(" or ", segmentLabels) + " segment");
        return write(n);
    }

    /** @param error why the stream ended early, or null */
    public static String summary(String stream, long frames, double seconds, long segments, String error) {
        ObjectNode n = JSON.createObjectNode();
        n.put("stream", stream);
        n.put("frames", frames);
        n.put("seconds", round(seconds, 3));
        n.put("segments", segments);
        if (error != null) n.put("error", error);
        return write(n);
    }

    static BigDecimal round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) throw new IllegalArgumentException("not a finite number: " + v);
        return BigDecimal.valueOf(v).setScale(decimals, RoundingMode.HALF_EVEN);
    }

    private static String write(ObjectNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
