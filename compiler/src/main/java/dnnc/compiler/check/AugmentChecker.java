package dnnc.compiler.check;

import dnnc.compiler.ast.Expr;
import dnnc.compiler.ir.Shape;
import dnnc.runtime.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the train block's {@code augment = images(shift = S, flip = B)}: the arguments are named, {@code shift}
 * a whole number of at least 0, {@code flip} true or false. Whether the model's input is an image the shift fits
 * in is decided by {@link #checkInput}, once the whole model has been read (the train block may come first).
 */
final class AugmentChecker {
    static final Map<String, List<String>> AUGMENTATIONS = Map.of("images", List.of("shift", "flip"));

    private final Diagnostics diagnostics;
    private final SettingsChecker settings;
    /** What was read without error: the whole value, and the shift argument (null when left out). */
    private Expr written;
    private Expr shiftWritten;
    private int shift;

    AugmentChecker(Diagnostics diagnostics, SettingsChecker settings) {
        this.diagnostics = diagnostics;
        this.settings = settings;
    }

    /** The augmentation {@code value} describes, or {@code fallback} after reporting what is wrong with it. */
    ModelSpec.Augment read(Expr value, ModelSpec.Augment fallback) {
        Expr.Call call = value instanceof Expr.Call c ? c : null;
        String name = call != null ? call.callee().name() : value instanceof Expr.Name n ? n.name() : null;
        if (name == null || !AUGMENTATIONS.containsKey(name)) {
            diagnostics.error(value.span(), "expected an augmentation: images(shift = 2, flip = true)",
                    name == null ? new String[0] : Suggest.didYouMean(name, AUGMENTATIONS.keySet()));
            return fallback;
        }
        Map<String, Expr> args = arguments(name, call);
        if (args == null) {
            return fallback;
        }
        int shift = args.containsKey("shift") ? settings.wholeNumber(args.get("shift"), "shift", 0, -1) : 0;
        Double flip = args.containsKey("flip") ? settings.flag(args.get("flip"), "flip") : Double.valueOf(0);
        if (shift < 0 || flip == null) {
            return fallback;
        }
        ModelSpec.Augment augment = new ModelSpec.Augment(shift, flip == 1);
        if (!augment.active()) {
            diagnostics.warning(value.span(), "this augmentation changes nothing: no shift and no flip",
                    "help: e.g. augment = images(shift = 2, flip = true), or leave `augment` out");
        }
        this.written = value;
        this.shiftWritten = args.get("shift");
        this.shift = shift;
        return augment;
    }

    /** Named arguments by name; null after reporting a positional, unknown or repeated one. */
    private Map<String, Expr> arguments(String name, Expr.Call call) {
        List<String> valid = AUGMENTATIONS.get(name);
        String takes = "note: " + name + "() takes " + String.join(", ", valid);
        Map<String, Expr> given = new LinkedHashMap<>();
        for (Expr.Arg arg : call == null ? List.<Expr.Arg>of() : call.args()) {
            if (!arg.isNamed()) {
                diagnostics.error(arg.span(), "name this argument, e.g. shift = 2 or flip = true", takes);
                return null;
            }
            String argName = arg.name().name();
            if (!valid.contains(argName)) {
                diagnostics.error(arg.name().span(), name + "() has no argument `" + argName + "`",
                        SettingsChecker.join(Suggest.didYouMean(argName, valid), takes));
                return null;
            }
            if (given.put(argName, arg.value()) != null) {
                diagnostics.error(arg.span(), "`" + argName + "` is given twice");
                return null;
            }
        }
        return given;
    }

    /**
     * Once the input is known ({@code dims} without the batch axis): an augmentation needs an image
     * [C, H, W] and a shift below H and W. Nothing to check without an augmentation or an input.
     */
    void checkInput(String input, int[] dims) {
        if (written == null || input == null) {
            return;
        }
        if (dims.length != 3) {
            diagnostics.error(written.span(), "augment = images(...) needs an image input [C, H, W]; input " + input
                    + " is float" + Shape.of(dims).dimsText(),
                    "help: declare the input as channels, height and width, e.g. input x: float[1, 28, 28]");
            return;
        }
        if (shift >= dims[1] || shift >= dims[2]) {
            diagnostics.error(shiftWritten.span(), "`shift` must be below the image's height and width ("
                    + dims[1] + " and " + dims[2] + "), not " + shift,
                    "note: a shift of " + shift + " could move every pixel of input " + input + " out of view");
        }
    }
}
