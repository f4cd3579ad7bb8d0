package dev.optimlab.experiment.comparison;

import java.util.List;

import dev.optimlab.problem.Problem;
import dev.optimlab.run.Arm;
import dev.optimlab.experiment.SpecHeader;
import dev.optimlab.experiment.SpecParser;

/**
 * A validated experiment spec ({@code experiments/NAME.yaml}): a problem, the arms compared on
 * it, the seeds, and what the report shows. Built only by {@link SpecParser}, so an instance is
 * always valid.
 *
 * @param name stable identifier; results go to {@code results/NAME/}
 * @param source the spec file as given on the command line
 * @param text the spec file's text, embedded in the report
 * @param baseline the arm every other arm is compared with, paired by seed ({@code baseline:} in the
 *                 spec; otherwise the arm called {@code none} if there is one, else the first arm)
 */
public record Spec(String name, String title, String description, Problem problem, List<Arm> arms,
                   List<Long> seeds, Claim claim, String source, String text, String baseline)
        implements SpecHeader.Described {

    /**
     * A claim from the lecture the report checks: the arms' optimizers ranked best-first by
     * {@code metric} ({@code testLoss}, {@code trainLoss}, {@code validationLoss}, {@code testMetric}).
     */
    public record Claim(String text, List<String> order, String metric) {
    }
}
