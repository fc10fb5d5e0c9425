'use strict';
// The scopes .dnn tokens should have, worked out independently of the TextMate grammar: a small lexer written
// after grammar/Dnn.g4 gives each token the scope its neighbours call for (a name before '(' is a call, a name
// before '=' inside a call is an argument name, ...). The editor tests compare the grammar with it.

const { tokenize } = require('./highlight');

// ---- the language, as grammar/Dnn.g4 and the compiler define it ----

const DECLARATION_KEYWORDS = ['model', 'fn', 'input', 'target', 'param', 'output', 'loss', 'train', 'data'];
const KEYWORDS = new Set([...DECLARATION_KEYWORDS, 'return', 'float', 'label']);
const BUILTINS = new Set([
    // dnnc.compiler.ops.Builtins
    'dense', 'relu', 'sigmoid', 'tanh', 'exp', 'log', 'softmax', 'log_softmax', 'sum', 'mean', 'cross_entropy',
    'mse', 'l2', 'normal', 'uniform', 'constant', 'one_hot',
    'max', 'min', 'sqrt', 'abs', 'erf', 'pow', 'clip', 'leaky_relu', 'elu', 'gelu', 'softplus', 'silu',
    'swish', 'mae', 'huber', 'binary_cross_entropy', 'binary_cross_entropy_with_logits', 'hinge', 'l1', 'transpose', 'reshape', 'concat', 'slice',
    // layers of the design still to come
    'conv2d', 'maxpool', 'avgpool', 'global_avgpool', 'flatten', 'dropout', 'batchnorm',
    // optimizers, the augmentation and data sources (SettingsChecker, AugmentChecker)
    'sgd', 'adam', 'images', 'idx', 'csv',
]);
// dnnc.compiler.check.Evaluator.WORDS
const WORDS = new Set(['true', 'false', 'zeros', 'ones', 'glorot', 'xavier', 'glorot_normal', 'xavier_normal', 'he',
    'kaiming', 'he_uniform', 'kaiming_uniform', 'lecun']);
const OPERATORS = new Set(['+', '-', '*', '/', '@', '^', '=']);
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ':', ';']);

/** Lexes like DnnLexer: comments (block comments nest), strings, numbers, names, one-character tokens. */
function lex(text) {
    const tokens = [];
    let i = 0;
    const at = (re) => {
        re.lastIndex = i;
        const m = re.exec(text);
        return m ? m[0] : null;
    };
    while (i < text.length) {
        let kind;
        let s;
        if ((s = at(/[ \t\r\n\f]+/y))) {
            i += s.length;
            continue;
        } else if ((s = at(/\/\/[^\r\n]*/y))) {
            kind = 'line-comment';
        } else if (text.startsWith('/*', i)) {
            let depth = 0;
            let j = i;
            while (j < text.length) {
                if (text.startsWith('/*', j)) {
                    depth++;
                    j += 2;
                } else if (text.startsWith('*/', j)) {
                    depth--;
                    j += 2;
                    if (depth === 0) {
                        break;
                    }
                } else {
                    j++;
                }
            }
            s = text.slice(i, j);
            kind = 'block-comment';
        } else if ((s = at(/"(?:[^"\\\r\n]|\\.)*"?/y))) {
            kind = 'string';
        } else if ((s = at(/(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/y))) {
            kind = 'number';
        } else if ((s = at(/[A-Za-z_][A-Za-z0-9_]*/y))) {
            kind = KEYWORDS.has(s) ? 'keyword' : 'name';
        } else {
            s = text[i];
            kind = OPERATORS.has(s) ? 'operator' : PUNCTUATION.has(s) ? 'punctuation' : 'unknown';
        }
        tokens.push({ kind, text: s, offset: i });
        i += s.length;
    }
    return tokens;
}

/**
 * The scope each token must carry (a scope that must be on the stack of each of its non-blank characters), or
 * null for a plain name, which must carry none of the meaningful scopes.
 */
function expectedScopes(text) {
    const all = lex(text);
    const code = all.filter((t) => !t.kind.endsWith('comment'));
    const lineOf = (t) => text.slice(0, t.offset).split('\n').length - 1;
    const expected = [];
    let depth = 0;
    let fnParams = false;
    for (const t of all) {
        if (t.kind === 'line-comment') {
            expected.push([t, 'comment.line.double-slash.dnn']);
            continue;
        }
        if (t.kind === 'block-comment') {
            expected.push([t, 'comment.block.dnn']);
            continue;
        }
        const k = code.indexOf(t);
        const prev = code[k - 1];
        const next = code[k + 1];
        const beforeEquals = next && next.text === '=';
        const statementStart = !prev || ['{', ';', '}'].includes(prev.text) || lineOf(prev) < lineOf(t);
        let scope;
        switch (t.kind) {
            case 'string':
                scope = 'string.quoted.double.dnn';
                break;
            case 'number':
                scope = 'constant.numeric.dnn';
                break;
            case 'operator':
                scope = 'keyword.operator.dnn';
                break;
            case 'punctuation':
                scope = 'punctuation.';
                depth += t.text === '(' ? 1 : t.text === ')' ? -1 : 0;
                if (t.text === '(' && prev && prev.kind === 'name' && code[k - 2] && code[k - 2].text === 'fn') {
                    fnParams = true;
                } else if (t.text === ')') {
                    fnParams = false;
                }
                break;
            case 'unknown':
                scope = 'invalid.illegal.character.dnn';
                break;
            case 'keyword':
                if (beforeEquals && depth > 0) {
                    scope = 'variable.parameter.dnn'; // csv("f.csv", target = "label")
                } else if (beforeEquals && statementStart && (t.text === 'train' || t.text === 'data')) {
                    scope = 'variable.other.definition.dnn'; // data { train = idx(...) }
                } else if (t.text === 'return') {
                    scope = 'keyword.control.dnn';
                } else if (t.text === 'float' || t.text === 'label') {
                    scope = 'support.type.dnn';
                } else {
                    scope = 'storage.type.dnn';
                }
                break;
            case 'name':
                if (fnParams) {
                    scope = 'variable.parameter.dnn'; // fn layer(x, n)
                } else if (prev && prev.text === 'model') {
                    scope = 'entity.name.type.model.dnn';
                } else if (prev && prev.text === 'fn') {
                    scope = 'entity.name.function.dnn';
                } else if (next && next.text === '(') {
                    scope = BUILTINS.has(t.text) ? 'support.function.builtin.dnn' : 'entity.name.function.call.dnn';
                } else if (beforeEquals && depth > 0) {
                    scope = 'variable.parameter.dnn';
                } else if (beforeEquals && statementStart) {
                    scope = 'variable.other.definition.dnn';
                } else if (prev && ['input', 'target', 'param', 'output'].includes(prev.text)) {
                    scope = 'variable.other.definition.dnn';
                } else if (WORDS.has(t.text)) {
                    scope = 'constant.language.dnn';
                } else if (t.text === 'params') {
                    scope = 'support.constant.dnn';
                } else {
                    scope = null;
                }
                break;
            default:
                throw new Error(`unexpected token kind ${t.kind}`);
        }
        expected.push([t, scope]);
    }
    return expected;
}

/** Scopes that give a character a meaning of its own (a plain name has none of them). */
function isMeaningful(scope) {
    return scope !== 'source.dnn' && !scope.startsWith('meta.');
}

function hasScope(stack, want) {
    return stack.some((s) => (want.endsWith('.') ? s.startsWith(want) : s === want));
}

/** Compares every character of `text` with the scope its token should have; returns the differences. */
async function differences(name, text, counts) {
    const { scopesAt } = await tokenize(text);
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) {
        if (text[i] === '\n') {
            lineStarts.push(i + 1);
        }
    }
    const position = (offset) => {
        let line = lineStarts.length - 1;
        while (lineStarts[line] > offset) {
            line--;
        }
        return [line, offset - lineStarts[line]];
    };
    const covered = new Set();
    const problems = [];
    for (const [t, want] of expectedScopes(text)) {
        if (counts) {
            counts.set(want, (counts.get(want) || 0) + 1);
        }
        for (let o = t.offset; o < t.offset + t.text.length; o++) {
            if (/\s/.test(text[o])) {
                continue;
            }
            covered.add(o);
            const [line, col] = position(o);
            const stack = scopesAt(line, col);
            const where = `${name}:${line + 1}:${col + 1} ${JSON.stringify(t.text)}`;
            if (want === null) {
                const extra = stack.filter(isMeaningful);
                if (extra.length > 0) {
                    problems.push(`${where}: a plain name, but has ${extra.join(' ')}`);
                }
            } else if (!hasScope(stack, want)) {
                problems.push(`${where}: wants ${want}, has ${stack.join(' ')}`);
            }
        }
    }
    // No character escapes the comparison, and only plain names go without a meaningful scope.
    for (let o = 0; o < text.length; o++) {
        if (!/\s/.test(text[o]) && !covered.has(o)) {
            problems.push(`${name}: offset ${o} ${JSON.stringify(text[o])} was not checked`);
        }
    }
    return problems;
}

module.exports = { differences };
