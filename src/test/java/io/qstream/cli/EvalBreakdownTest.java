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
}
