package dnnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.Pipeline;
import dnnc.compiler.TestModels;
import dnnc.runtime.ModelSpec;
import org.junit.jupiter.api.Test;

/**
 * What the train block's {@code augment = images(...)} becomes in the model's settings. (Wrong uses are in the
 * diagnostics corpus, {@code train_augment_*.dnn}.)
 */
class AugmentSettingsTest {
    private static String model(String input, String train) {
        return """
                model M {
                    input x: float%s
                    target y: label[3]
                    logits = dense(flatten(x), 3)
                    output p = softmax(logits)
                    loss = cross_entropy(logits, y)
                    train { %s }
                }
                """.formatted(input, train);
    }

    private static ModelSpec.Augment augment(String train) {
        return TestModels.check(TestModels.source(model("[1, 8, 8]", train))).train().augment();
    }

    @Test
    void shiftAndFlipAreRead() {
        assertEquals(new ModelSpec.Augment(2, true), augment("augment = images(shift = 2, flip = true)"));
    }

    @Test
    void argumentsMayComeInAnyOrder() {
        assertEquals(new ModelSpec.Augment(3, false), augment("augment = images(flip = false, shift = 3)"));
    }

    @Test
    void aLeftOutArgumentIsOff() {
        assertEquals(new ModelSpec.Augment(0, true), augment("augment = images(flip = true)"));
        assertEquals(new ModelSpec.Augment(1, false), augment("augment = images(shift = 1)"));
    }

    @Test
    void valuesAreConstantExpressionsAndFlipMayBeOneOrZero() {
        assertEquals(new ModelSpec.Augment(4, true), augment("augment = images(shift = 2 * 2, flip = 1)"));
    }

    @Test
    void withoutTheKeyThereIsNoAugmentation() {
        assertEquals(ModelSpec.Augment.NONE, augment("epochs = 3"));
    }

    @Test
    void theShiftMayBeOneBelowTheImageSize() {
        assertEquals(7, augment("augment = images(shift = 7)").shift());
    }

    @Test
    void theTrainBlockMayComeBeforeTheInput() {
        String source = """
                model M {
                    train { augment = images(shift = 1) }
                    input x: float[3, 4, 5]
                    target y: label[3]
                    logits = dense(flatten(x), 3)
                    output p = softmax(logits)
                    loss = cross_entropy(logits, y)
                }
                """;
        assertEquals(1, TestModels.check(TestModels.source(source)).train().augment().shift());
    }

    @Test
    void aShiftTooLargeForTheImageIsAnError() {
        Diagnostics d = diagnose(model("[1, 8, 8]", "augment = images(shift = 8)"));
        assertTrue(d.hasErrors());
        assertTrue(d.render().contains("`shift` must be below the image's height and width (8 and 8), not 8"),
                d.render());
    }

    @Test
    void anInputThatIsNoImageIsAnError() {
        Diagnostics d = diagnose(model("[64]", "augment = images(flip = true)"));
        assertTrue(d.render().contains("needs an image input [C, H, W]; input x is float[64]"), d.render());
    }

    @Test
    void anAugmentationThatChangesNothingIsOnlyAWarning() {
        Diagnostics d = diagnose(model("[1, 8, 8]", "augment = images()"));
        assertFalse(d.hasErrors(), d.render());
        assertTrue(d.render().contains("warning: this augmentation changes nothing"), d.render());
    }

    private static Diagnostics diagnose(String text) {
        SourceFile file = TestModels.source(text);
        Diagnostics d = new Diagnostics(file);
        Pipeline.check(file, d);
        return d;
    }
}
