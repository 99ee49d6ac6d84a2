package io.qstream.replay;

import io.qstream.flink.source.MediaInputs;
import io.qstream.flink.source.MediaSplit;
import io.qstream.labels.LabelDiff;
import io.qstream.pipeline.ResolvedPipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every case under fixtures/replay, as {@code qstream replay} runs them. */
class ReplaySuiteTest {
    private static final Path FIXTURES = Path.of("fixtures/replay");

    @TempDir
    Path scratch;

    @TestFactory
    List<DynamicTest> everyReplayCaseMatchesItsExpectedLabels() throws Exception {
        List<Replay.Case> cases = Replay.cases(FIXTURES);
        assertTrue(cases.size() >= 2, "replay cases found: " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Replay.Outcome o = Replay.run(c, scratch);
            assertTrue(o.passed(), c.name() + ": " + o.differences().subList(0, Math.min(10, o.differences().size())));
        })).toList();
    }

    /** The recorded expectations are not just the job's own output: they equal the offline reference. */
    @Test
    void speechExpectationEqualsTheOfflineReference() throws Exception {
        Replay.Case c = Replay.cases(FIXTURES.resolve("speech-en")).get(0);
        ResolvedPipeline p = Replay.pipeline(c);
        List<String> offline = OfflineReference.labels(p);
        List<String> expected = Files.readAllLines(c.expectedFile());
        assertEquals(List.of(), LabelDiff.diff(offline, expected, c.scoreTolerance));
    }

    /** The video case's expectations of the streams that end normally equal the offline references too. */
    @Test
    void videoExpectationEqualsTheOfflineReference() throws Exception {
        Replay.Case c = Replay.cases(FIXTURES.resolve("video-shots")).get(0);
        ResolvedPipeline p = Replay.pipeline(c);
        List<String> expected = Files.readAllLines(c.expectedFile());
        int checked = 0;
        for (MediaSplit s : MediaInputs.expand(p.inputs)) {
            if (List.of("corrupt", "no-video").contains(s.stream())) continue;
            List<String> offline = OfflineReference.labels(p, s);
            List<String> recorded = expected.stream().filter(l -> l.startsWith("{\"stream\":\"" + s.stream() + "\"")).toList();
            assertEquals(List.of(), LabelDiff.diff(offline, recorded, c.scoreTolerance), s.stream());
            checked++;
        }
        assertEquals(4, checked, "vp9, mjpeg, av#audio, av#video");
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("{\"stream\":\"no-video\",\"error\"")));
        assertTrue(expected.stream().anyMatch(l -> l.startsWith("{\"stream\":\"corrupt\",\"error\"")));
    }
}
