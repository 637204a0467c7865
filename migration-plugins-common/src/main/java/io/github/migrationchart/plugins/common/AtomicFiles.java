package io.github.migrationchart.plugins.common;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files put in place whole: a reader sees the old one or the new one, never half of it. */
final class AtomicFiles {
    private AtomicFiles() {}

    /** Renames {@code temporary} (in the same directory) to {@code target}, replacing it; atomic where the file system can. */
    static void replace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
