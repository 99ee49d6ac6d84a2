package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
    @TempDir Path dir;

    @Test
    void resolvesPathsAgainstTheManifestFolder() throws IOException {
        Path m = dir.resolve("m.tsv");
        Files.writeString(m, "# comment\nmedia\tlabels\tfeatures\tnote\na/x.wav\ta/x.csv\ta/x.npy\tclean\n"
                + "/abs/y.mp3\ty.seg\t\t\n");
        Manifest man = Manifest.read(m);
        assertEquals(2, man.entries().size());
        assertEquals(dir.resolve("a/x.wav").toAbsolutePath(), man.entries().get(0).media());
        assertEquals(dir.resolve("a/x.npy").toAbsolutePath(), man.entries().get(0).features());
        assertEquals("clean", man.entries().get(0).note());
        assertEquals(Path.of("/abs/y.mp3"), man.entries().get(1).media());
        assertNull(man.entries().get(1).features());
    }

    @Test
    void missingColumnsAreNamed() throws IOException {
        Path m = dir.resolve("bad.tsv");
        Files.writeString(m, "file\tlabels\nx.wav\tx.csv\n");
        IOException e = assertThrows(IOException.class, () -> Manifest.read(m));
        assertTrue(e.getMessage().contains("bad.tsv line 1") && e.getMessage().contains("'media'"), e.getMessage());
    }
}
