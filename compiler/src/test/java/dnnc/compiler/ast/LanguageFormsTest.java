package dnnc.compiler.ast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statement-level forms: functions, separators, comments, settings blocks. */
class LanguageFormsTest {

    @Test
    void expressionFormFunctionHasParamsAndABodyButNoLets() {
        FnDef fn = Parsed.clean("fn block(x, channels) = maxpool(relu(conv2d(x, channels, kernel = 3, pad = 1)), 2)")
                .program().functions().get(0);
        assertEquals("block", fn.name().name());
        assertEquals(List.of("x", "channels"), fn.params().stream().map(Ident::name).toList());
        assertEquals(new Span(1, 13, 1, 20), fn.params().get(1).span());
        assertEquals(List.of(), fn.lets());
        assertEquals("(maxpool (relu (conv2d x channels kernel=3 pad=1)) 2)", Parsed.show(fn.body()));
        assertEquals(new Span(1, 1, 1, 82), fn.span());
    }

    @Test
    void blockFormFunctionHasLocalBindingsAndAReturn() {
        FnDef fn = Parsed.clean("""
                fn layer(x, n) {
                    h = dense(x, n); g = relu(h)
                    return g
                }
                """).program().functions().get(0);
        assertEquals(List.of("h", "g"), fn.lets().stream().map(b -> b.name().name()).toList());
        assertEquals("(dense x n)", Parsed.show(fn.lets().get(0).value()));
        assertEquals("g", Parsed.show(fn.body()));
        assertEquals(new Span(1, 1, 4, 1), fn.span());
    }

    @Test
    void functionsWithoutParametersAndModelsMayBeInterleaved() {
        Program p = Parsed.clean("fn one() = 1\nmodel A { }\nfn two() { return 2 }\n").program();
        assertEquals(List.of("one", "two"), p.functions().stream().map(f -> f.name().name()).toList());
        assertEquals(List.of(), p.functions().get(0).params());
        assertEquals(1, p.models().size());
    }

    @Test
    void semicolonsAreOptionalEverywhere() {
        ModelDef withNewlines = Parsed.clean("""
                model M {
                    input x: float[2]
                    h = relu(x)
                    output h
                    loss = mean(h)
                }
                """).model();
        ModelDef withSemicolons = Parsed.clean("model M { input x: float[2]; h = relu(x); output h; loss = mean(h); }").model();
        ModelDef onOneLine = Parsed.clean("model M { input x: float[2] h = relu(x) output h loss = mean(h) }").model();
        List<Class<?>> kinds = List.of(Member.Input.class, Member.Let.class, Member.Output.class, Member.Loss.class);
        for (ModelDef m : List.of(withNewlines, withSemicolons, onOneLine)) {
            assertEquals(kinds, m.members().stream().<Class<?>>map(Object::getClass).toList());
        }
    }

    @Test
    void outputWithoutValueNamesAnExistingValue() {
        Member.Output out = (Member.Output) Parsed.clean("model M { output z }").model().members().get(0);
        assertEquals("z", out.name().name());
        assertNull(out.value());
    }

    @Test
    void paramWithoutInitialiserHasNullInit() {
        Member.Param p = (Member.Param) Parsed.clean("model M { param b: float[1] }").model().members().get(0);
        assertNull(p.init());
        assertEquals(new Span(1, 11, 1, 27), p.span());
    }

    @Test
    void blockCommentsNestAndLineCommentsEndAtTheLineBreak() {
        ModelDef m = Parsed.clean("""
                /* outer /* inner */ still a comment */
                model M { // a /* in a line comment opens nothing
                    /* /* */ */ input x: float[1] /**/
                }
                """).model();
        Member.Input x = (Member.Input) m.members().get(0);
        assertEquals(new Span(3, 17, 3, 33), x.span());
    }

    @Test
    void settingsKeysMayBeTheWordsTrainAndData() {
        Member.Settings data = (Member.Settings) Parsed.clean("""
                model M {
                    data { train = idx("a", "b"); data = 1 }
                }
                """).model().members().get(0);
        assertEquals("data", data.kind());
        assertEquals(List.of("train", "data"), data.settings().stream().map(b -> b.name().name()).toList());
        assertEquals(new Span(2, 12, 2, 32), data.settings().get(0).span());
    }

    @Test
    void anEmptyFileIsAnEmptyProgram() {
        Parsed p = Parsed.clean("");
        assertEquals(List.of(), p.program().functions());
        assertEquals(List.of(), p.program().models());
    }

    @Test
    void aByteOrderMarkAtTheStartIsIgnored() {
        ModelDef m = Parsed.clean("\uFEFFmodel M { }").model();
        assertEquals(new Span(1, 7, 1, 7), m.name().span());
    }
}
