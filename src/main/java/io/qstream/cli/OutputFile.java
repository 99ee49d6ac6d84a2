package io.qstream.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The {@code --output} JSON Lines file of {@code run}: checked before any job starts (so a bad path costs nothing and
 * writes nothing), and written whole or not at all (a temporary file beside it, moved into place), so no partial
 * file that looks finished is left when the disk fills or the job fails.
 */
final class OutputFile {
    private OutputFile() {}

    /**
     * Checks that {@code output} can be written: not a directory, and its nearest existing ancestor directory is a
     * directory where a file can be created (tried for real: as root, permission bits say yes even on read-only file
     * systems). Creates nothing that stays.
     *
     * @throws IllegalArgumentException one line naming the path and the cause
     */
    static void check(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) throw new IllegalArgumentException("--output " + output + ": is a directory (give a file name)");
        if (Files.exists(abs) && !Files.isRegularFile(abs)) {
            throw new IllegalArgumentException("--output " + output + ": exists and is not a regular file");
        }
        Path dir = abs.getParent();
        while (dir != null && !Files.exists(dir)) dir = dir.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--output " + output + ": cannot be created: " + dir + " is not a directory");
        }
        try {
            Path probe = Files.createTempFile(dir, ".qstream-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("--output " + output + ": cannot write in " + dir + ": " + reason(e));
        }
    }

    /** Writes {@code lines} to {@code output} through a temporary file in the same directory, moved into place. */
    static void write(Path output, List<String> lines) throws IOException {
        Path abs = output.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            try (BufferedWriter w = Files.newBufferedWriter(tmp)) {
                for (String l : lines) {
                    w.write(l);
                    w.newLine();
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("--output " + output + ": cannot write: " + reason(e) + " (nothing written)", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage();
    }
}
