package dnnc.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The example programs of DESIGN.md section 2 parse into the expected records. */
class DesignExamplesTest {

    static final String MLP = """
            // An MLP for Fashion-MNIST, the "MLP 256-128-100" row of that data set's benchmark table.
            model FashionMLP {
                input  x: float[784]                 // one example; the batch dimension is implicit
                target y: label[10]                  // an integer class in [0, 10)

                h1 = relu(dense(x, 256))             // dense() declares its own weight and bias
                h2 = relu(dense(h1, 128))
                h3 = relu(dense(h2, 100))
                logits = dense(h3, 10)
                output probs = softmax(logits)

                loss = cross_entropy(logits, y) + 1e-4 * l2(params)

                train {
                    optimizer = adam(lr = 1e-3)
                    epochs = 10
                    batch = 128
                    seed = 42
                }
                data {
                    train = idx("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
                                "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz", scale = 1/255)
                    test  = idx(".../t10k-images-idx3-ubyte.gz", ".../t10k-labels-idx1-ubyte.gz", scale = 1/255)
                }
            }
            """;

    static final String LOGISTIC = """
            model Logistic {
                input  x: float[4]
                target y: float[1]
                param  W: float[4, 1] = glorot
                param  b: float[1]    = zeros
                output p = sigmoid(x @ W + b)
                loss = mean(-(y * log(p) + (1 - y) * log(1 - p)))
                train { optimizer = sgd(lr = 0.1, momentum = 0.9); epochs = 200; batch = 16 }
                data { train = csv("iris_binary.csv", target = "label") }
            }
            """;

    static final String CNN = """
            fn block(x, channels) = maxpool(relu(conv2d(x, channels, kernel = 3, pad = 1)), 2)

            model FashionCNN {
                input  x: float[1, 28, 28]
                target y: label[10]
                f = flatten(block(block(x, 16), 32))        // [32, 7, 7] -> [1568], known at compile time
                logits = dense(dropout(relu(dense(f, 48)), 0.25), 10)
                loss = cross_entropy(logits, y)
                train { optimizer = adam(lr = 1e-3); epochs = 5; batch = 128 }
            }
            """;

    @Test
    void cnnExampleParsesWithItsReusableBlockFunction() {
        Program program = Parsed.clean(CNN).program();
        assertEquals(List.of("block"), program.functions().stream().map(f -> f.name().name()).toList());
        ModelDef model = program.models().get(0);
        Member.Input x = (Member.Input) model.members().get(0);
        assertEquals(List.of(1.0, 28.0, 28.0), x.type().dims().stream().map(Expr.Number::value).toList());
        assertEquals("(flatten (block (block x 16) 32))",
                Parsed.show(((Member.Let) model.members().get(2)).binding().value()));
    }

    @Test
    void mlpExampleParsesIntoItsMembersInOrder() {
        ModelDef model = Parsed.clean(MLP).model();
        assertEquals("FashionMLP", model.name().name());
        assertEquals(new Span(2, 7, 2, 16), model.name().span());
        assertEquals(new Span(2, 1, 25, 1), model.span());
        List<Class<?>> kinds = model.members().stream().<Class<?>>map(Object::getClass).toList();
        assertEquals(List.of(Member.Input.class, Member.Target.class, Member.Let.class, Member.Let.class,
                Member.Let.class, Member.Let.class, Member.Output.class, Member.Loss.class, Member.Settings.class,
                Member.Settings.class), kinds);
    }

    @Test
    void mlpInputAndTargetCarryTheirTypesAndSpans() {
        ModelDef model = Parsed.clean(MLP).model();
        Member.Input x = (Member.Input) model.members().get(0);
        assertEquals("x", x.name().name());
        assertEquals(new Span(3, 12, 3, 12), x.name().span());
        assertFalse(x.type().isLabel());
        assertEquals(new Span(3, 15, 3, 24), x.type().span());
        Expr.Number dim = x.type().dims().get(0);
        assertEquals(784.0, dim.value());
        assertEquals("784", dim.text());
        assertEquals(new Span(3, 21, 3, 23), dim.span());
        assertEquals(new Span(3, 5, 3, 24), x.span());

        Member.Target y = (Member.Target) model.members().get(1);
        assertTrue(y.type().isLabel());
        assertEquals(10.0, y.type().dims().get(0).value());
    }

    @Test
    void mlpLayersLossAndOutputHaveTheWrittenStructure() {
        ModelDef model = Parsed.clean(MLP).model();
        Member.Let h1 = (Member.Let) model.members().get(2);
        assertEquals("h1", h1.binding().name().name());
        assertEquals("(relu (dense x 256))", Parsed.show(h1.binding().value()));
        assertEquals(new Span(6, 10, 6, 28), h1.binding().value().span());
        assertEquals(new Span(6, 5, 6, 28), h1.span());

        Member.Output probs = (Member.Output) model.members().get(6);
        assertEquals("probs", probs.name().name());
        assertEquals("(softmax logits)", Parsed.show(probs.value()));

        Member.Loss loss = (Member.Loss) model.members().get(7);
        assertEquals("(+ (cross_entropy logits y) (* 1e-4 (l2 params)))", Parsed.show(loss.value()));
        Expr.Binary plus = (Expr.Binary) loss.value();
        assertEquals(new Span(12, 37, 12, 37), plus.opSpan());
        assertEquals(new Span(12, 12, 12, 55), plus.span());
    }

    @Test
    void mlpSettingsBlocksKeepKindKeysAndMultiLineCalls() {
        ModelDef model = Parsed.clean(MLP).model();
        Member.Settings train = (Member.Settings) model.members().get(8);
        assertEquals("train", train.kind());
        assertEquals(new Span(14, 5, 14, 9), train.kindSpan());
        assertEquals(List.of("optimizer", "epochs", "batch", "seed"),
                train.settings().stream().map(b -> b.name().name()).toList());
        assertEquals("(adam lr=1e-3)", Parsed.show(train.settings().get(0).value()));
        assertEquals(new Span(14, 5, 19, 5), train.span());

        Member.Settings data = (Member.Settings) model.members().get(9);
        assertEquals("data", data.kind());
        Binding trainData = data.settings().get(0);
        assertEquals("train", trainData.name().name());
        assertEquals("(idx \"/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz\" "
                + "\"/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz\" scale=(/ 1 255))",
                Parsed.show(trainData.value()));
        assertEquals(new Span(21, 17, 22, 98), trainData.value().span());
    }

    @Test
    void logisticExampleParsesParamsInitialisersAndTheLossFormula() {
        ModelDef model = Parsed.clean(LOGISTIC).model();
        assertEquals(8, model.members().size());
        Member.Param w = (Member.Param) model.members().get(2);
        assertEquals("W", w.name().name());
        assertEquals(List.of(4.0, 1.0), w.type().dims().stream().map(Expr.Number::value).toList());
        assertEquals("glorot", Parsed.show(w.init()));
        assertEquals(new Span(4, 5, 4, 34), w.span());

        Member.Output p = (Member.Output) model.members().get(4);
        assertEquals("(sigmoid (+ (@ x W) b))", Parsed.show(p.value()));

        Member.Loss loss = (Member.Loss) model.members().get(5);
        assertEquals("(mean (- (+ (* y (log p)) (* (- 1 y) (log (- 1 p))))))", Parsed.show(loss.value()));
        assertInstanceOf(Expr.Negate.class, ((Expr.Call) loss.value()).args().get(0).value());
    }

    @Test
    void logisticSettingsOnOneLineAreSeparatedBySemicolons() {
        ModelDef model = Parsed.clean(LOGISTIC).model();
        Member.Settings train = (Member.Settings) model.members().get(6);
        assertEquals(3, train.settings().size());
        assertEquals("(sgd lr=0.1 momentum=0.9)", Parsed.show(train.settings().get(0).value()));
        Member.Settings data = (Member.Settings) model.members().get(7);
        assertEquals("(csv \"iris_binary.csv\" target=\"label\")", Parsed.show(data.settings().get(0).value()));
        Expr.Arg target = ((Expr.Call) data.settings().get(0).value()).args().get(1);
        assertEquals("target", target.name().name());
        assertNull(((Expr.Call) data.settings().get(0).value()).args().get(0).name());
    }
}
