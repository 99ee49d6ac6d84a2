package io.qstream.pipeline;

import io.qstream.flink.source.MediaInputs;
import io.qstream.flink.source.MediaSplit;
import io.qstream.media.Track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipeline specs with video tracks: track values, the video model checked against its features, stream ids. */
class VideoPipelineSpecTest {
    private static final String SHOTS = Path.of("fixtures/models/video-shots").toAbsolutePath().toString();
    private static final String VAD = Path.of("fixtures/models/speech-vad").toAbsolutePath().toString();
    private static final String CLIP = Path.of("fixtures/video/shots-speech.mp4").toAbsolutePath().toString();

    private static ResolvedPipeline resolve(String yaml) {
        return ResolvedPipeline.resolve(PipelineSpec.parse(yaml, "t.yaml"), "t.yaml");
    }

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> resolve(yaml)).getMessage();
    }

    private static void assertContains(String message, String part) {
        assertTrue(message.contains(part), "'" + part + "' not in: " + message);
    }

    @Test
    void shippedVideoPipelinesResolve() throws Exception {
        ResolvedPipeline v = ResolvedPipeline.resolve(PipelineSpec.parse(Path.of("pipelines/video-shots.yaml")), "v");
        assertTrue(v.hasVideo());
        assertTrue(!v.hasAudio());
        assertNull(v.model);
        assertEquals(List.of("none", "cut", "gradual"), v.videoLabels);
        assertEquals(160, v.inputs.get(0).video().width, "decode size taken from the model's features");
        assertEquals(0, v.spec.inputs.get(0).decode.width, "the spec is not changed");
        ResolvedPipeline both = ResolvedPipeline.resolve(PipelineSpec.parse(Path.of("pipelines/speech-and-shots.yaml")), "b");
        assertTrue(both.hasAudio() && both.hasVideo());
        List<MediaSplit> splits = MediaInputs.expand(both.inputs);
        assertEquals(List.of("shots-speech#audio", "shots-speech#video"), splits.stream().map(MediaSplit::stream).toList());
        assertEquals(List.of(Track.AUDIO, Track.VIDEO), splits.stream().map(MediaSplit::track).toList());
    }

    @Test
    void badTrackValuesAndMissingModelsAreNamed() {
        assertContains(error("model: " + VAD + "\ninputs: [{uri: " + CLIP + ", track: subtitles}]"),
                "inputs[0].track: must be audio, video or both, got 'subtitles'");
        assertContains(error("model: " + VAD + "\ninputs: [{uri: " + CLIP + ", track: both}]"), "inputs[0].track is both: video-model is required");
        assertContains(error("video-model: " + SHOTS + "\ninputs: [{uri: " + CLIP + ", track: both}]"), "model: required");
        assertContains(error("inputs: [{uri: " + CLIP + "}]"), "model: required");
    }

    @Test
    void theVideoModelIsCheckedAgainstItsFeatures() {
        String in = "\ninputs: [{uri: " + CLIP + ", track: video}]";
        String labels = error("video-model: " + VAD + in);
        assertTrue(labels.contains("video-features") || labels.contains("labels"), labels);
        assertContains(error("video-model: " + SHOTS + "\nvideo-features: {type: video, lookahead: 0}" + in),
                "expects input size 76 but video-features give 40 values per frame");
        assertContains(error("video-model: " + SHOTS + "\nvideo-features: {type: video, hue-bins: 0}" + in),
                "video-features: video feature option hue-bins=0");
        assertContains(error("video-model: " + SHOTS + "\ninputs: [{uri: " + CLIP + ", track: video, decode: {width: 320, height: 240}}]"),
                "inputs[0].decode: width/height/fps 320x240@0.0 differ from the video features' 160x120@0.0");
        assertContains(error("video-model: /nonexistent/model" + in), "video-model /nonexistent/model");
    }
}
