package io.qstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.qstream.train.Manifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvalBreakdownTest {
    @Test
    void groupsComeFromFormatAndNoteTokens() {
        Manifest.Entry e = new Manifest.Entry(Path.of("/d/val/clip0001.MP3"), Path.of("/d/x.csv"), null,
                "festival:ked_diphone@-314c espeak:it utt=2 reverb=84 music@0dB tilt=-0.69 via=11025 levelchange");
        assertEquals(List.of("format=mp3", "voice=festival:ked_diphone", "voice=espeak:it", "utt=2", "reverb",
                "background=music", "snr=0-10dB", "via=11025"), EvalCommand.groups(e));
        Manifest.Entry clean = new Manifest.Entry(Path.of("a.wav"), Path.of("a.csv"), null, "utt=1 clean");
        assertEquals(List.of("format=wav", "utt=1", "background=clean"), EvalCommand.groups(clean));
    }

    @Test
    void breakdownTableReportsFalseSpeechPerGroupAndNoF1WithoutSpeech() {
        List<String> labels = List.of("nonspeech", "speech");
        java.util.Map<String, io.qstream.train.FrameMetrics> groups = new java.util.TreeMap<>();
        io.qstream.train.FrameMetrics music = new io.qstream.train.FrameMetrics(labels, 0);
        music.add(new int[] {0, 0, 0, 0}, new int[] {1, 0, 0, 0});
        io.qstream.train.FrameMetrics clean = new io.qstream.train.FrameMetrics(labels, 0);
        clean.add(new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0});
        groups.put("cond=music-only", music);
        groups.put("cond=clean", clean);
        String[] lines = EvalCommand.breakdownTable(groups, labels).strip().split("\n");
        assertEquals(3, lines.length);
        assertEquals(List.of("group", "frames", "accuracy", "speech", "F1", "speech", "frm", "false", "speech"),
                List.of(lines[0].trim().split("\\s+")));
        assertEquals(List.of("cond=clean", "4", "1.0000", "1.0000", "2", "0.0000"),
                List.of(lines[1].trim().split("\\s+")));
        assertEquals(List.of("cond=music-only", "4", "0.7500", "-", "0", "0.2500"),
                List.of(lines[2].trim().split("\\s+")));
    }
}
