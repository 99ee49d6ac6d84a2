package io.qstream.plot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Writes a PNG so that {@code --out} is either the whole new picture or untouched: first a temporary file beside
 * it, then a move over it. {@link #check} is called before any work, so a bad output path fails fast.
 */
public final class PngOutput {
    private PngOutput() {}

    /** IllegalArgumentException naming {@code out} when its directory is missing or no file can be created in it. */
    public static void check(Path out) {
        Path dir = directory(out);
        if (Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + ": is a directory, not a file");
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--out " + out + ": directory " + dir + " does not exist");
        try {
            // access(2) says yes to root even where no file can be made (read-only mounts, sysfs): try one
            Files.delete(Files.createTempFile(dir, "." + out.getFileName() + ".", ".probe"));
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("--out " + out + ": directory " + dir + " is not writable (" + e + ")");
        }
        if (Files.exists(out) && !Files.isWritable(out)) throw new IllegalArgumentException("--out " + out + ": not writable");
    }

    public static void write(BufferedImage image, Path out) throws IOException {
        check(out);
        Path tmp = Files.createTempFile(directory(out), "." + out.getFileName() + ".", ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java runtime");
            try {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("--out " + out + ": " + e.getMessage(), e);
        }
    }

    private static Path directory(Path out) {
        Path dir = out.toAbsolutePath().getParent();
        return dir == null ? Path.of(".").toAbsolutePath() : dir;
    }
}
