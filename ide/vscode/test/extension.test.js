'use strict';
// Extension tests: run with `npm test` (node --test test/). The manifest contributes files that exist, and every
// snippet expands to code the grammar highlights as the language defines it.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { differences } = require('../tools/expected-scopes');

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
