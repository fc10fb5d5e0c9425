package dnnc.runtime.cli;

import dnnc.runtime.ModelSpec;
import dnnc.runtime.data.Dataset;

/**
 * How commands read data. The jar always reads files through {@link dnnc.runtime.data.DataLoader}
 * ({@link #FILES}); the seam exists so that tests can run whole commands on data held in memory.
 */
interface DataAccess {
    Dataset load(ModelSpec spec, ModelSpec.DataSource source);

    Dataset loadFeatures(ModelSpec spec, String path);

    DataAccess FILES = new DataAccess() {
        @Override
        public Dataset load(ModelSpec spec, ModelSpec.DataSource source) {
            return DataSources.load(spec, source);
        }

        @Override
        public Dataset loadFeatures(ModelSpec spec, String path) {
            return DataSources.loadFeatures(spec, path);
        }
    };
}
