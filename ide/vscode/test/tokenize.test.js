'use strict';
// Grammar tests: run with `npm test` (node --test test/).
//
// 1. Every examples/*.dnn file is lexed by a small independent lexer written after grammar/Dnn.g4, each token is
//    given the scope it should have from its neighbours (a name before '(' is a call, a name before '=' inside a
//    call is an argument name, ...), and the TextMate grammar must agree on every character.
// 2. Tricky lines with the exact scopes expected.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, innermost } = require('../tools/highlight');

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

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

// ---- 1. the examples ----

const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.dnn')).sort();

test('there are examples to check', () => {
    assert.ok(exampleFiles.length >= 4, `expected the examples in ${EXAMPLES}, found ${exampleFiles.join(', ')}`);
});

const seen = new Map(); // scope -> count, over all examples

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

for (const file of exampleFiles) {
    test(`examples/${file}: every token has its scope`, async () => {
        const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
        assert.deepEqual(await differences(file, text, seen), []);
    });
}

test('the examples exercise every kind of token', () => {
    for (const scope of ['comment.line.double-slash.dnn', 'string.quoted.double.dnn', 'constant.numeric.dnn',
        'keyword.operator.dnn', 'storage.type.dnn', 'support.type.dnn', 'entity.name.type.model.dnn',
        'support.function.builtin.dnn', 'variable.parameter.dnn', 'variable.other.definition.dnn',
        'constant.language.dnn', 'support.constant.dnn', 'punctuation.']) {
        assert.ok(seen.get(scope) > 0, `no token of ${scope} in the examples`);
    }
});

// ---- 2. tricky lines ----

async function check(line, expected) {
    assert.deepEqual(await innermost(line), expected);
}

test('keywords inside longer names are plain names', async () => {
    await check('inputs = my_loss + dataset', [
        ['inputs', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['my_loss', 'source.dnn'],
        ['+', 'keyword.operator.dnn'],
        ['dataset', 'source.dnn'],
    ]);
    await check('trainer = model_x * float_y - paramsx @ returns', [
        ['trainer', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['model_x', 'source.dnn'],
        ['*', 'keyword.operator.dnn'],
        ['float_y', 'source.dnn'],
        ['-', 'keyword.operator.dnn'],
        ['paramsx', 'source.dnn'],
        ['@', 'keyword.operator.dnn'],
        ['returns', 'source.dnn'],
    ]);
});

test('block comments nest', async () => {
    const line = '/* a /* b */ still comment */ x';
    const { tokens } = await tokenize(line);
    const x = tokens.find((t) => t.text === 'x');
    assert.deepEqual(x.scopes, ['source.dnn']);
    for (const t of tokens.filter((t) => t.start < line.indexOf(' x'))) {
        assert.ok(t.scopes.includes('comment.block.dnn'), `${JSON.stringify(t.text)} has ${t.scopes.join(' ')}`);
    }
    const inner = tokens.find((t) => t.text.includes('b'));
    assert.equal(inner.scopes.filter((s) => s === 'comment.block.dnn').length, 2, 'b is two comments deep');
    const still = tokens.find((t) => t.text.includes('still comment'));
    assert.deepEqual(still.scopes, ['source.dnn', 'comment.block.dnn']);
});

test('a nested block comment spans lines', async () => {
    const { scopesAt, lines } = await tokenize('/* outer\n  /* inner\n  */ still outer\n*/ loss = 1');
    assert.ok(scopesAt(2, lines[2].indexOf('still')).includes('comment.block.dnn'));
    assert.deepEqual(scopesAt(3, lines[3].indexOf('loss')), ['source.dnn', 'storage.type.dnn']);
    assert.deepEqual(scopesAt(3, lines[3].indexOf('1')), ['source.dnn', 'constant.numeric.dnn']);
});

test('comment markers', async () => {
    await check('x = 1 // a comment with "quotes" and /* */', [
        ['x', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['1', 'constant.numeric.dnn'],
        ['//', 'punctuation.definition.comment.dnn'],
        [' a comment with "quotes" and /* */', 'comment.line.double-slash.dnn'],
    ]);
    await check('"a // not a comment"', [
        ['"', 'punctuation.definition.string.begin.dnn'],
        ['a // not a comment', 'string.quoted.double.dnn'],
        ['"', 'punctuation.definition.string.end.dnn'],
    ]);
});

test('numbers', async () => {
    await check('loss = 1e-4 * .5 + 3. - 2.5E+3 + 42', [
        ['loss', 'storage.type.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['1e-4', 'constant.numeric.dnn'],
        ['*', 'keyword.operator.dnn'],
        ['.5', 'constant.numeric.dnn'],
        ['+', 'keyword.operator.dnn'],
        ['3.', 'constant.numeric.dnn'],
        ['-', 'keyword.operator.dnn'],
        ['2.5E+3', 'constant.numeric.dnn'],
        ['+', 'keyword.operator.dnn'],
        ['42', 'constant.numeric.dnn'],
    ]);
    await check('scale = 1/255', [
        ['scale', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['1', 'constant.numeric.dnn'],
        ['/', 'keyword.operator.dnn'],
        ['255', 'constant.numeric.dnn'],
    ]);
    // Digits inside a name are part of the name.
    await check('h2 = l2(h1)', [
        ['h2', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['l2', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['h1', 'meta.function-call.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
});

test('the augmentation of a train block', async () => {
    await check('augment = images(shift = 2, flip = true)', [
        ['augment', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['images', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['shift', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['2', 'constant.numeric.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['flip', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['true', 'constant.language.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
});

test('a named argument', async () => {
    await check('optimizer = adam(lr = 1e-3)', [
        ['optimizer', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['adam', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['lr', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['1e-3', 'constant.numeric.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
    await check('y = softmax(x, axis=-1)', [
        ['y', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['softmax', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['x', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['axis', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['-', 'keyword.operator.dnn'],
        ['1', 'constant.numeric.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
});

test('a string with an escaped quote', async () => {
    await check('train = csv("say \\"hi\\".csv") // after', [
        ['train', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['csv', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['"', 'punctuation.definition.string.begin.dnn'],
        ['say ', 'string.quoted.double.dnn'],
        ['\\"', 'constant.character.escape.dnn'],
        ['hi', 'string.quoted.double.dnn'],
        ['\\"', 'constant.character.escape.dnn'],
        ['.csv', 'string.quoted.double.dnn'],
        ['"', 'punctuation.definition.string.end.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
        ['//', 'punctuation.definition.comment.dnn'],
        [' after', 'comment.line.double-slash.dnn'],
    ]);
});

test('an unterminated string ends at the end of its line', async () => {
    const { scopesAt } = await tokenize('x = "open\ny = 1');
    assert.ok(scopesAt(0, 5).includes('string.quoted.double.dnn'));
    assert.deepEqual(scopesAt(1, 0), ['source.dnn', 'variable.other.definition.dnn']);
    assert.deepEqual(scopesAt(1, 4), ['source.dnn', 'constant.numeric.dnn']);
});

test('target = "label" inside csv(...) is a named argument', async () => {
    await check('test = csv("f.csv", target = "label")', [
        ['test', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['csv', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['"', 'punctuation.definition.string.begin.dnn'],
        ['f.csv', 'string.quoted.double.dnn'],
        ['"', 'punctuation.definition.string.end.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['target', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['"', 'punctuation.definition.string.begin.dnn'],
        ['label', 'string.quoted.double.dnn'],
        ['"', 'punctuation.definition.string.end.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
});

test('train = idx(...) inside a data block is a settings key', async () => {
    const text = [
        'data {',
        '    train = idx("images.gz",',
        '                "labels.gz", scale = 1/255)',
        '    test = idx("t-images.gz", "t-labels.gz")',
        '}',
        'train { optimizer = sgd(lr = 0.05); epochs = 200 }',
    ].join('\n');
    const { tokens } = await tokenize(text);
    const scopeOf = (line, word) => {
        const t = tokens.find((t) => t.line === line && t.text === word);
        assert.ok(t, `no token ${word} on line ${line + 1}`);
        return t.scopes[t.scopes.length - 1];
    };
    assert.equal(scopeOf(0, 'data'), 'storage.type.dnn');
    assert.equal(scopeOf(1, 'train'), 'variable.other.definition.dnn');
    assert.equal(scopeOf(1, 'idx'), 'support.function.builtin.dnn');
    assert.equal(scopeOf(2, 'scale'), 'variable.parameter.dnn', 'the call continues on the next line');
    assert.equal(scopeOf(2, '255'), 'constant.numeric.dnn');
    assert.equal(scopeOf(3, 'test'), 'variable.other.definition.dnn');
    assert.equal(scopeOf(5, 'train'), 'storage.type.dnn');
    assert.equal(scopeOf(5, 'optimizer'), 'variable.other.definition.dnn');
    assert.equal(scopeOf(5, 'lr'), 'variable.parameter.dnn');
    assert.equal(scopeOf(5, 'epochs'), 'variable.other.definition.dnn');
});

test('declarations', async () => {
    await check('model FashionMLP {', [
        ['model', 'storage.type.dnn'],
        ['FashionMLP', 'entity.name.type.model.dnn'],
        ['{', 'punctuation.section.block.begin.dnn'],
    ]);
    await check('param W: float[4, 3] = glorot', [
        ['param', 'storage.type.dnn'],
        ['W', 'variable.other.definition.dnn'],
        [':', 'punctuation.separator.type.dnn'],
        ['float', 'support.type.dnn'],
        ['[', 'punctuation.section.brackets.begin.dnn'],
        ['4', 'constant.numeric.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['3', 'constant.numeric.dnn'],
        [']', 'punctuation.section.brackets.end.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['glorot', 'constant.language.dnn'],
    ]);
    await check('target y: label[10]; output p = sigmoid(z)', [
        ['target', 'storage.type.dnn'],
        ['y', 'variable.other.definition.dnn'],
        [':', 'punctuation.separator.type.dnn'],
        ['label', 'support.type.dnn'],
        ['[', 'punctuation.section.brackets.begin.dnn'],
        ['10', 'constant.numeric.dnn'],
        [']', 'punctuation.section.brackets.end.dnn'],
        [';', 'punctuation.terminator.statement.dnn'],
        ['output', 'storage.type.dnn'],
        ['p', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['sigmoid', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['z', 'meta.function-call.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
    await check('loss = cross_entropy(logits, y) + 1e-5 * l2(params)', [
        ['loss', 'storage.type.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['cross_entropy', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['logits', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['y', 'meta.function-call.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
        ['+', 'keyword.operator.dnn'],
        ['1e-5', 'constant.numeric.dnn'],
        ['*', 'keyword.operator.dnn'],
        ['l2', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['params', 'support.constant.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
});

test('functions', async () => {
    await check('fn layer(x, n) { h = dense(x, n, bias = false); return relu(h) }', [
        ['fn', 'storage.type.dnn'],
        ['layer', 'entity.name.function.dnn'],
        ['(', 'punctuation.section.parameters.begin.dnn'],
        ['x', 'variable.parameter.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['n', 'variable.parameter.dnn'],
        [')', 'punctuation.section.parameters.end.dnn'],
        ['{', 'punctuation.section.block.begin.dnn'],
        ['h', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['dense', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['x', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['n', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['bias', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['false', 'constant.language.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
        [';', 'punctuation.terminator.statement.dnn'],
        ['return', 'keyword.control.dnn'],
        ['relu', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['h', 'meta.function-call.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
        ['}', 'punctuation.section.block.end.dnn'],
    ]);
    await check('fn block(x, c) = maxpool(conv2d(x, c, kernel = 3), 2)', [
        ['fn', 'storage.type.dnn'],
        ['block', 'entity.name.function.dnn'],
        ['(', 'punctuation.section.parameters.begin.dnn'],
        ['x', 'variable.parameter.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['c', 'variable.parameter.dnn'],
        [')', 'punctuation.section.parameters.end.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['maxpool', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['conv2d', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['x', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['c', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['kernel', 'variable.parameter.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['3', 'constant.numeric.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['2', 'constant.numeric.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
    // A call of a user-defined fn, and a keyword is never taken for one.
    await check('f = flatten(block(x, 16))', [
        ['f', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['flatten', 'support.function.builtin.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['block', 'entity.name.function.call.dnn'],
        ['(', 'punctuation.section.arguments.begin.dnn'],
        ['x', 'meta.function-call.dnn'],
        [',', 'punctuation.separator.comma.dnn'],
        ['16', 'constant.numeric.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
        [')', 'punctuation.section.arguments.end.dnn'],
    ]);
});

test('a built-in name that is not called is a plain name', async () => {
    await check('y = log + relu', [
        ['y', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['log', 'source.dnn'],
        ['+', 'keyword.operator.dnn'],
        ['relu', 'source.dnn'],
    ]);
});

test('an unknown character is marked', async () => {
    await check('x = 1 # 2', [
        ['x', 'variable.other.definition.dnn'],
        ['=', 'keyword.operator.dnn'],
        ['1', 'constant.numeric.dnn'],
        ['#', 'invalid.illegal.character.dnn'],
        ['2', 'constant.numeric.dnn'],
    ]);
});

test('an unclosed call stops at the end of its block', async () => {
    const { tokens } = await tokenize('model M {\n  h = relu(x\n}\nmodel N {');
    const n = tokens.find((t) => t.text === 'N');
    assert.deepEqual(n.scopes, ['source.dnn', 'entity.name.type.model.dnn']);
});

// ---- 3. the rest of the extension ----

const EXTENSION = path.join(__dirname, '..');
const readJson = (file) => JSON.parse(fs.readFileSync(path.join(EXTENSION, file), 'utf8'));

/** A snippet body as the editor inserts it when every placeholder keeps its default (the first choice). */
function expandSnippet(body) {
    const values = new Map();
    let text = Array.isArray(body) ? body.join('\n') : body;
    for (let i = 0; i < 5; i++) {
        text = text
            .replace(/\$\{(\d+)\|((?:[^|\\]|\\.)*?)(?:,(?:[^|\\]|\\.)*)*\|\}/g, (_, n, first) => {
                values.set(n, first.replace(/\\(.)/g, '$1'));
                return values.get(n);
            })
            .replace(/\$\{(\d+):((?:[^${}]|\$\d+)*)\}/g, (_, n, value) => {
                values.set(n, value);
                return value;
            });
    }
    for (let i = 0; i < 3; i++) {
        text = text.replace(/\$(\d+)/g, (_, n) => values.get(n) || '');
    }
    return text.replace(/\t/g, '    ');
}

test('package.json contributes files that exist', () => {
    const pkg = readJson('package.json');
    assert.equal(pkg.name, 'dnnc-language');
    assert.equal(pkg.publisher, 'dnnc');
    const [language] = pkg.contributes.languages;
    assert.equal(language.id, 'dnn');
    assert.deepEqual(language.extensions, ['.dnn']);
    const [grammar] = pkg.contributes.grammars;
    assert.equal(grammar.scopeName, 'source.dnn');
    assert.equal(readJson(grammar.path).scopeName, 'source.dnn');
    const config = readJson(language.configuration);
    assert.equal(config.comments.lineComment, '//');
    assert.deepEqual(config.comments.blockComment, ['/*', '*/']);
    for (const [, rule] of Object.entries(config.indentationRules)) {
        new RegExp(rule); // compiles
    }
    for (const s of pkg.contributes.snippets) {
        assert.equal(s.language, 'dnn');
        readJson(s.path);
    }
});

const snippets = readJson('snippets/dnn.json');

test('the snippets cover a model, train, data (idx and csv), a dense layer and a fn', () => {
    const prefixes = Object.values(snippets).map((s) => s.prefix);
    for (const want of ['model', 'train', 'dataidx', 'datacsv', 'dense', 'fn']) {
        assert.ok(prefixes.includes(want), `no snippet with prefix ${want}`);
    }
});

for (const [name, snippet] of Object.entries(snippets)) {
    test(`snippet "${name}" expands to code the grammar highlights as expected`, async () => {
        const text = expandSnippet(snippet.body);
        assert.doesNotMatch(text, /\$/, `placeholders left in:\n${text}`);
        assert.deepEqual(await differences(`snippet ${name}`, text), []);
    });
}
