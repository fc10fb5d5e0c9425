package dnnc.compiler.codegen;

import dnnc.runtime.ModelKernel;

/** Loads a generated class in memory, for {@code dnnc run} and for tests. */
public final class ModelLoader extends ClassLoader {
    private final String className;
    private final byte[] bytes;

    public ModelLoader(String className, byte[] bytes) {
        super(ModelLoader.class.getClassLoader());
        this.className = className;
        this.bytes = bytes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (name.equals(className)) {
            return defineClass(name, bytes, 0, bytes.length);
        }
        throw new ClassNotFoundException(name);
    }

    public static ModelKernel instantiate(String className, byte[] bytes) {
        try {
            Class<?> c = new ModelLoader(className, bytes).loadClass(className);
            return (ModelKernel) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the generated class " + className, e);
        }
    }
}
