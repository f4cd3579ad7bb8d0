package dev.optimlab.problem;

/**
 * A test problem: where the data comes from, the model, the loss and the training budget.
 * Identical for every arm of an experiment; only the optimizer differs.
 *
 * @param loss {@code mse}, {@code mae} (regression) or {@code mcxent} (classification)
 */
public record Problem(DataSource data, Mlp model, String loss, int epochs, int batchSize) {

    public boolean classification() {
        return loss.equals("mcxent");
    }
}
