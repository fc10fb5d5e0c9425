package dnnc.compiler.passes;

import dnnc.compiler.ir.Graph;

/** An IR-to-IR transformation with a name. Passes never change what the roots compute. */
public interface Pass {
    String name();

    Graph run(Graph graph);
}
