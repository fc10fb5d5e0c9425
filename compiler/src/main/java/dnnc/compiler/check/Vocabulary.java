package dnnc.compiler.check;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words the checker knows besides the built-in functions, read from where the checker keeps them, for tools
 * (the language server's completion and hovers) that must offer exactly what the checker accepts.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    /** Optimizer name to its argument names: adam → lr, beta1, ... */
    public static Map<String, List<String>> optimizers() {
        return SettingsChecker.OPTIMIZERS;
    }

    /** Learning-rate schedule name to its argument names. */
    public static Map<String, List<String>> schedules() {
        return ScheduleChecker.SCHEDULES;
    }

    /** Augmentation of training data (images) to its argument names. */
    public static Map<String, List<String>> augmentations() {
        return AugmentChecker.AUGMENTATIONS;
    }

    /** Data source format (idx, csv, npy) to its argument names. */
    public static Map<String, List<String>> dataFormats() {
        return SettingsChecker.FORMATS;
    }

    public static List<String> trainKeys() {
        return SettingsChecker.TRAIN_KEYS;
    }

    public static List<String> dataKeys() {
        return SettingsChecker.DATA_KEYS;
    }

    /** Words that mean something as arguments: the initializers and true/false. */
    public static Set<String> words() {
        return Evaluator.WORDS;
    }
}
