package dnnc.runtime.train;

import dnnc.runtime.ModelSpec;
import java.util.Set;

/**
 * The learning rate of every epoch, from the base rate and a {@link ModelSpec.Schedule}. Epoch {@code e} counts
 * from 0. The first {@code warmup} epochs rise linearly, {@code base * (e + 1) / warmup}; the schedule proper
 * then starts with its own epoch count {@code s = e - warmup}:
 * <ul>
 * <li>constant: {@code base}</li>
 * <li>step(every, gamma = 0.1): {@code base * gamma^floor(s / every)} (PyTorch's StepLR)</li>
 * <li>exponential(gamma): {@code base * gamma^s} (ExponentialLR)</li>
 * <li>cosine(epochs = T, min_lr = 0): {@code min_lr + (base - min_lr) * (1 + cos(pi * min(s, T) / T)) / 2}
 * (CosineAnnealingLR's closed form, held at min_lr after T); T defaults to the epochs after the warm-up.</li>
 * </ul>
 */
public final class LearningRateSchedule {
    public static final Set<String> KINDS = Set.of("constant", "step", "exponential", "cosine");

    private final ModelSpec.Schedule schedule;
    private final double base;
    private final int totalEpochs;

    public LearningRateSchedule(ModelSpec.Schedule schedule, double base, int totalEpochs) {
        if (!KINDS.contains(schedule.kind())) {
            throw new OptimizerException("unknown learning-rate schedule '" + schedule.kind()
                    + "' (expected constant, step, exponential or cosine)");
        }
        if (schedule.kind().equals("step") && !(arg(schedule, "every", 0) >= 1)) {
            throw new OptimizerException("step schedule needs every >= 1");
        }
        if (schedule.kind().equals("exponential") && !schedule.args().containsKey("gamma")) {
            throw new OptimizerException("exponential schedule needs gamma");
        }
        this.schedule = schedule;
        this.base = base;
        this.totalEpochs = totalEpochs;
    }

    /** The learning rate of epoch {@code e} (0-based). */
    public double at(int e) {
        int warmup = schedule.warmup();
        if (e < warmup) {
            return base * (e + 1) / warmup;
        }
        int s = e - warmup;
        return switch (schedule.kind()) {
            case "step" -> base * Math.pow(arg(schedule, "gamma", 0.1), Math.floor(s / arg(schedule, "every", 1)));
            case "exponential" -> base * Math.pow(arg(schedule, "gamma", 1), s);
            case "cosine" -> cosine(s, warmup);
            default -> base;
        };
    }

    private double cosine(int s, int warmup) {
        double t = arg(schedule, "epochs", totalEpochs - warmup);
        double min = arg(schedule, "min_lr", 0);
        if (t <= 0) {
            return min;
        }
        return min + (base - min) * (1 + Math.cos(Math.PI * Math.min(s, t) / t)) / 2;
    }

    private static double arg(ModelSpec.Schedule schedule, String name, double fallback) {
        Double v = schedule.args().get(name);
        return v == null ? fallback : v;
    }
}
