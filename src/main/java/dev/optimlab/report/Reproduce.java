package dev.optimlab.report;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.optimlab.run.Versions;

/**
 * The "Reproduce" section every report ends with: the exact command, the spec file (embedded),
 * the git commit, the versions and the machine.
 */
public final class Reproduce {

    private Reproduce() {
    }

    /**
     * @param extra additional bullet lines (e.g. where the per-trial files are), may be empty
     */
    public static List<String> section(String command, String specFile, String specText, List<String> extra) {
        List<String> md = new ArrayList<>();
        md.add("## Reproduce");
        md.add("");
        md.add("```");
        md.add(command);
        md.add("```");
        md.add("");
        md.add("- spec: `" + specFile.replace('\\', '/') + "` (below)");
        extra.forEach(e -> md.add("- " + e));
        md.add("- code: git commit " + GitInfo.describe());
        Map<String, String> v = Versions.current();
        md.add("- versions: OptimLab " + v.get("optimlab") + ", DL4J/ND4J " + v.get("dl4j") + ", " + v.get("java"));
        md.add("- machine: " + v.get("cpu") + "; " + v.get("os") + "; OMP_NUM_THREADS=" + v.get("OMP_NUM_THREADS"));
        md.add("- written: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        md.add("");
        md.add("<details><summary>Spec</summary>");
        md.add("");
        md.add("```yaml");
        md.add(specText.strip());
        md.add("```");
        md.add("");
        md.add("</details>");
        return md;
    }
}
