package dnnc.runtime;

import dnnc.runtime.train.ImageAugmentation;
import java.util.List;

/**
 * Checks that a model description is consistent before any buffer is allocated, so that a compiler bug shows
 * up as a message naming the slot instead of an index error deep inside generated code.
 */
final class SpecCheck {
    private SpecCheck() {
    }

    static void check(ModelSpec spec) {
        List<ModelSpec.Slot> slots = spec.slots();
        require(spec.name() != null && spec.input() != null && spec.target() != null && spec.train() != null,
                "the model description lacks its name, input, target or train block");
        slot(slots, spec.input().slot(), spec.input().size(), true, "input " + spec.input().name());
        slot(slots, spec.target().slot(), spec.target().size(), true, "target " + spec.target().name());
        for (ModelSpec.Tensor o : spec.outputs()) {
            slot(slots, o.slot(), o.size(), true, "output " + o.name());
        }
        require(!spec.outputs().isEmpty(), "the model has no outputs");
        require(spec.lossSlot() >= 0 && spec.lossSlot() < slots.size(), "loss slot " + spec.lossSlot()
                + " does not exist");
        for (ModelSpec.Param p : spec.params()) {
            slot(slots, p.slot(), p.size(), false, "parameter " + p.name());
            slot(slots, p.gradSlot(), p.size(), false, "gradient of " + p.name());
        }
        if (spec.target().isLabel()) {
            require(spec.target().classes() >= 1, "label target " + spec.target().name() + " has no classes");
        }
        String augment = ImageAugmentation.problem(spec.train().augment(), spec.input().name(), spec.input().shape());
        require(augment == null, augment);
    }

    private static void slot(List<ModelSpec.Slot> slots, int index, int size, boolean batched, String what) {
        require(index >= 0 && index < slots.size(), what + " is in slot " + index + ", which does not exist");
        ModelSpec.Slot s = slots.get(index);
        require(s.perExample() == size && s.batched() == batched, what + " needs " + size + " floats"
                + (batched ? " per example" : "") + " but slot " + index + " holds " + s.perExample()
                + (s.batched() ? " per example" : ""));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent model description: " + message);
        }
    }
}
