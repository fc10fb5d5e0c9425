package dnnc.compiler.check;

import dnnc.compiler.ir.Graph;
import dnnc.runtime.ModelSpec;
import java.util.List;

/**
 * A model that passed the checker: its forward graph (names resolved, every shape known), how each
 * parameter starts (in the graph's parameter order), its target's kind, and its train and data settings.
 */
public record CheckedModel(String name, Graph graph, List<ModelSpec.Init> inits, int labelClasses,
                           ModelSpec.Train train, List<ModelSpec.DataSource> data) {

    public boolean hasLabels() {
        return labelClasses > 0;
    }
}
