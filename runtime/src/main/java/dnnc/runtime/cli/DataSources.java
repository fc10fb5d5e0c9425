package dnnc.runtime.cli;

import dnnc.runtime.ModelSpec;
import dnnc.runtime.ModelSpec.DataSource;
import dnnc.runtime.data.DataLoader;
import dnnc.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves which data a command reads: the data block's source of a role, with its paths replaced when the
 * user gives {@code --train}, {@code --validation} or {@code --test}. The format, scale and target column always come from the model,
 * since they describe how the data is encoded; a model without a test source borrows the train source's.
 */
final class DataSources {
    private DataSources() {
    }

    /** The source for {@code role}, or a usage error when there is none. */
    static DataSource resolve(ModelSpec spec, String role, String override) {
        DataSource base = spec.data(role);
        if (override == null) {
            if (base == null) {
                throw new UsageException("the model has no " + role + " data; give one with --" + role);
            }
            return base;
        }
        List<String> paths = split(override, role);
        DataSource template = base != null ? base : spec.data("train");
        String format = template != null ? template.format() : (paths.size() == 2 ? "idx" : "csv");
        int needed = format.equals("csv") ? 1 : 2;
        if (paths.size() != needed) {
            throw new UsageException("--" + role + ": the model reads " + format + " data, which takes "
                    + (needed == 2 ? "two paths, FEATURES,TARGETS" : "one path") + "; got " + paths.size());
        }
        return new DataSource(role, format, paths, template == null ? null : template.targetColumn(),
                template == null ? 1.0 : template.scale(), template != null && template.standardize());
    }

    static Dataset load(ModelSpec spec, DataSource source) {
        return DataLoader.load(source, spec.input().size(), spec.target());
    }

    /** Reads feature rows for prediction the way the training data is read (same scale, target column dropped). */
    static Dataset loadFeatures(ModelSpec spec, String path) {
        DataSource train = spec.data("train");
        return DataLoader.loadFeatures(path, spec.input().size(), train == null ? null : train.targetColumn(),
                train == null ? 1.0 : train.scale());
    }

    private static List<String> split(String value, String role) {
        List<String> paths = new ArrayList<>();
        for (String p : value.split(",", -1)) {
            if (p.isBlank()) {
                throw new UsageException("--" + role + " has an empty path in '" + value + "'");
            }
            paths.add(p.trim());
        }
        return paths;
    }
}
