'use strict';
// Grammar tests: run with `npm test` (node --test test/).
//
// 1. Every examples/*.dnn file is lexed by a small independent lexer written after grammar/Dnn.g4, each token is
//    given the scope it should have from its neighbours (a name before '(' is a call, a name before '=' inside a
//    call is an argument name, ...), and the TextMate grammar must agree on every character.
// 2. Tricky lines with the exact scopes expected.
// The independent lexer and the comparison are in tools/expected-scopes.js; the manifest and snippets are
// checked in extension.test.js.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, innermost } = require('../tools/highlight');
const { differences } = require('../tools/expected-scopes');

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples');

// ---- 1. the examples ----

const exampleFiles = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.dnn')).sort();

test('there are examples to check', () => {
    assert.ok(exampleFiles.length >= 4, `expected the examples in ${EXAMPLES}, found ${exampleFiles.join(', ')}`);
});

const seen = new Map(); // scope -> count, over all examples

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
