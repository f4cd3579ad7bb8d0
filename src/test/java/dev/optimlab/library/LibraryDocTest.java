package dev.optimlab.library;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.optimlab.optim.Optimizers;
import dev.optimlab.regularize.Regularizers;
import org.junit.jupiter.api.Test;

/** docs/LIBRARY.md's tables name every registered optimizer and regularizer, so a new registration needs its row. */
class LibraryDocTest {

    @Test
    void everyRegisteredNameHasARow() throws IOException {
        String doc = Files.readString(Path.of("docs", "LIBRARY.md"));
        for (String name : Optimizers.names()) {
            assertTrue(doc.contains("| `" + name + "`") || doc.contains("`" + name + "`,") || doc.contains(", `" + name + "`"),
                    "docs/LIBRARY.md has no row for optimizer " + name);
        }
        for (Regularizers.Kind kind : Regularizers.Kind.values()) {
            for (String name : Regularizers.names(kind)) {
                assertTrue(doc.contains("`" + name + "`"), "docs/LIBRARY.md has no row for " + kind + " " + name);
            }
        }
    }
}
