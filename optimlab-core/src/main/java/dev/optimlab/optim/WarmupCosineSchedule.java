package dev.optimlab.optim;

import java.util.Objects;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Linear warm-up followed by cosine annealing (Loshchilov &amp; Hutter, "SGDR: Stochastic Gradient
 * Descent with Warm Restarts", ICLR 2017, eq. 5, without restarts; warm-up as in Goyal et al.,
 * "Accurate, Large Minibatch SGD", 2017, §2.2). With t the 0-based iteration (or epoch):
 *
 * <pre>
 *   t &lt; W:        η_t = η_max·(t + 1)/W
 *   W ≤ t &lt; T:    η_t = η_min + ½(η_max − η_min)·(1 + cos(π·(t − W)/(T − W)))
 *   t ≥ T:        η_t = η_min
 * </pre>
 *
 * <p>The warm-up reaches η_max at t = W − 1 (its first step is η_max/W, not 0, so no step is
 * wasted); the cosine starts at η_max at t = W. Parameters: {@code lr} η_max &gt; 0,
 * {@code warmupSteps} W ≥ 0, {@code totalSteps} T &gt; W, {@code minLr} η_min ∈ [0, η_max]
 * (default 0), and the {@link ScheduleType} (ITERATION by default). PyTorch spells this
 * {@code SequentialLR(LinearLR(start_factor=1/W), CosineAnnealingLR(T_max=T−W, eta_min))}.
 *
 * <p>Usable with any optimizer: every DL4J updater and every {@link OptimLabUpdater} takes an
 * {@link ISchedule} ({@code setLrAndSchedule}, {@link OptimLabUpdater#schedule}); the decoupled
 * decay hooks receive the scheduled rate from DL4J and so follow it too. JSON-serializable
 * (shaded Jackson annotations, no-argument constructor).
 */
public final class WarmupCosineSchedule implements ISchedule {

    @JsonProperty
    private ScheduleType scheduleType;
    @JsonProperty
    private double lr;
    @JsonProperty
    private int warmupSteps;
    @JsonProperty
    private int totalSteps;
    @JsonProperty
    private double minLr;

    /** For Jackson. */
    public WarmupCosineSchedule() {
    }

    public WarmupCosineSchedule(double lr, int warmupSteps, int totalSteps) {
        this(ScheduleType.ITERATION, lr, warmupSteps, totalSteps, 0.0);
    }

    public WarmupCosineSchedule(ScheduleType scheduleType, double lr, int warmupSteps, int totalSteps, double minLr) {
        this.scheduleType = Objects.requireNonNull(scheduleType, "warmup-cosine: scheduleType");
        this.lr = Range.POSITIVE.check("warmup-cosine", "lr", lr);
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmup-cosine: warmupSteps must be in [0, inf), got " + warmupSteps);
        }
        if (totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("warmup-cosine: totalSteps must be > warmupSteps (" + warmupSteps
                    + "), got " + totalSteps);
        }
        if (!(minLr >= 0 && minLr <= lr)) {
            throw new IllegalArgumentException("warmup-cosine: minLr must be in [0, " + lr + "], got " + minLr);
        }
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minLr = minLr;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        int t = scheduleType == ScheduleType.ITERATION ? iteration : epoch;
        if (t < warmupSteps) {
            return lr * (t + 1) / warmupSteps;
        }
        if (t >= totalSteps) {
            return minLr;
        }
        double progress = (double) (t - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public WarmupCosineSchedule clone() {
        return new WarmupCosineSchedule(scheduleType, lr, warmupSteps, totalSteps, minLr);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WarmupCosineSchedule s && s.scheduleType == scheduleType && s.lr == lr
                && s.warmupSteps == warmupSteps && s.totalSteps == totalSteps && s.minLr == minLr;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheduleType, lr, warmupSteps, totalSteps, minLr);
    }

    @Override
    public String toString() {
        return "WarmupCosineSchedule[" + scheduleType + ", lr=" + lr + ", warmupSteps=" + warmupSteps
                + ", totalSteps=" + totalSteps + ", minLr=" + minLr + "]";
    }
}
