package dnnc.compiler.ast;

import java.util.List;

/** A parsed .dnn file: its functions and its models, in the order written. */
public record Program(List<FnDef> functions, List<ModelDef> models) {
}
