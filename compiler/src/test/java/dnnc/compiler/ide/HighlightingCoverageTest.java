package dnnc.compiler.ide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dnnc.compiler.ops.Builtin;
import dnnc.compiler.ops.Builtins;
import dnnc.grammar.DnnLexer;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the editor's TextMate grammar ({@code ide/vscode/syntaxes/dnn.tmLanguage.json}) in step with the compiler:
 * every keyword of the lexer, every built-in, every word the evaluator knows ({@code true}, {@code zeros},
 * {@code glorot}, ...), every optimizer, augmentation and data source must be named in one of the grammar's regexes, as
 * {@code \bname\b} or as a whole alternative of a group such as {@code (relu|name|tanh)}. A name that only occurs
 * in a negative lookahead ({@code (?!...)}, which excludes words) does not count. The grammar's own tests
 * ({@code ide/vscode/test}, run by {@code npm test}) check which scope each name gets.
 */
class HighlightingCoverageTest {
    private static final Path GRAMMAR = Path.of("ide/vscode/syntaxes/dnn.tmLanguage.json");
    private static final Pattern REGEX_VALUE =
            Pattern.compile("\"(?:match|begin|end|while)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static List<String> regexes;

    @BeforeAll
    static void readGrammar() throws IOException {
        assertTrue(Files.isRegularFile(GRAMMAR), GRAMMAR.toAbsolutePath() + " is missing (tests run in the repository root)");
        regexes = new ArrayList<>();
        Matcher m = REGEX_VALUE.matcher(Files.readString(GRAMMAR));
        while (m.find()) {
            regexes.add(withoutNegativeLookarounds(unescapeJson(m.group(1))));
        }
        assertTrue(regexes.size() > 10, "found only " + regexes.size() + " regexes in " + GRAMMAR);
    }

    @Test
    void everyKeywordOfTheLexerIsHighlighted() {
        Set<String> keywords = new TreeSet<>();
        for (int type = 1; type <= DnnLexer.VOCABULARY.getMaxTokenType(); type++) {
            String literal = DnnLexer.VOCABULARY.getLiteralName(type);
            if (literal != null && literal.length() > 2 && WORD.matcher(literal.substring(1, literal.length() - 1)).matches()) {
                keywords.add(literal.substring(1, literal.length() - 1));
            }
        }
        assertTrue(keywords.containsAll(Set.of("model", "fn", "return", "float", "label")), "keywords: " + keywords);
        assertAllListed("keywords of grammar/Dnn.g4", keywords);
    }

    @Test
    void everyBuiltinIsHighlighted() {
        Set<String> names = new TreeSet<>();
        for (Builtin b : Builtins.all()) {
            names.add(b.name());
        }
        assertTrue(names.containsAll(Set.of("dense", "relu", "normal", "uniform", "constant")), "built-ins: " + names);
        assertAllListed("built-ins of dnnc.compiler.ops.Builtins", names);
    }

    @Test
    void everyWordOfTheEvaluatorIsHighlighted() throws ReflectiveOperationException {
        Collection<String> words = staticField("dnnc.compiler.check.Evaluator", "WORDS");
        assertTrue(words.containsAll(Set.of("true", "false", "zeros", "glorot")), "words: " + words);
        assertAllListed("words of dnnc.compiler.check.Evaluator.WORDS", words);
    }

    @Test
    void everyOptimizerAndDataSourceIsHighlighted() throws ReflectiveOperationException {
        Map<String, ?> optimizers = staticField("dnnc.compiler.check.SettingsChecker", "OPTIMIZERS");
        Map<String, ?> formats = staticField("dnnc.compiler.check.SettingsChecker", "FORMATS");
        assertTrue(optimizers.keySet().containsAll(Set.of("sgd", "adam")), "optimizers: " + optimizers.keySet());
        assertTrue(formats.keySet().containsAll(Set.of("idx", "csv")), "data sources: " + formats.keySet());
        assertAllListed("optimizers of dnnc.compiler.check.SettingsChecker.OPTIMIZERS", optimizers.keySet());
        assertAllListed("data sources of dnnc.compiler.check.SettingsChecker.FORMATS", formats.keySet());
    }

    @Test
    void everyAugmentationIsHighlighted() throws ReflectiveOperationException {
        Map<String, ?> augmentations = staticField("dnnc.compiler.check.AugmentChecker", "AUGMENTATIONS");
        assertTrue(augmentations.containsKey("images"), "augmentations: " + augmentations.keySet());
        assertAllListed("augmentations of dnnc.compiler.check.AugmentChecker.AUGMENTATIONS", augmentations.keySet());
    }

    @Test
    void theCheckNeedsWholeNames() {
        assertTrue(listed("relu"));
        assertTrue(listed("params"));
        assertFalse(listed("lu"), "part of relu and elu");
        assertFalse(listed("log_soft"), "part of log_softmax");
        assertFalse(listed("no_such_builtin"));
        assertEquals("a(?:b)c", withoutNegativeLookarounds("a(?!x(y)\\))(?:b)(?<!z)c"));
    }

    private static void assertAllListed(String what, Collection<String> names) {
        List<String> missing = names.stream().filter(n -> !listed(n)).sorted().toList();
        assertTrue(missing.isEmpty(), "the editor grammar " + GRAMMAR + " does not highlight these " + what + ": "
                + missing + "; add them to its lists (and to the lists in ide/vscode/tools/expected-scopes.js)");
    }

    /** Whether some regex names {@code name} whole: after \b, '(' , '|' or "(?:", and before \b, '|' or ')'. */
    static boolean listed(String name) {
        Pattern whole = Pattern.compile("(?:\\\\b|[(|:])" + Pattern.quote(name) + "(?:\\\\b|[|)])");
        return regexes.stream().anyMatch(r -> whole.matcher(r).find());
    }

    /** The regex with its (?!...) and (?<!...) groups taken out: the words in those are the ones a rule excludes. */
    static String withoutNegativeLookarounds(String regex) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < regex.length()) {
            if (regex.startsWith("(?!", i) || regex.startsWith("(?<!", i)) {
                int depth = 0;
                do {
                    char c = regex.charAt(i);
                    if (c == '\\') {
                        i++;
                    } else if (c == '(') {
                        depth++;
                    } else if (c == ')') {
                        depth--;
                    }
                    i++;
                } while (depth > 0 && i < regex.length());
            } else {
                char c = regex.charAt(i);
                out.append(c);
                if (c == '\\' && i + 1 < regex.length()) {
                    out.append(regex.charAt(i + 1));
                    i++;
                }
                i++;
            }
        }
        return out.toString();
    }

    private static String unescapeJson(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(e); // \\ \" \/
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> T staticField(String className, String fieldName) throws ReflectiveOperationException {
        Field f = Class.forName(className).getDeclaredField(fieldName);
        f.setAccessible(true);
        return (T) f.get(null);
    }
}
