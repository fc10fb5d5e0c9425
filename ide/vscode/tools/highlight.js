'use strict';
// Loads syntaxes/dnn.tmLanguage.json with the same engine VS Code uses (vscode-textmate + the Oniguruma WASM build)
// and tokenizes text into one entry per character: the scope stack the grammar gives that character.

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const ROOT = path.join(__dirname, '..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes', 'dnn.tmLanguage.json');
const WASM_PATH = path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm');

let grammarPromise;

function loadGrammar() {
    if (!grammarPromise) {
        const wasm = fs.readFileSync(WASM_PATH);
        const onigLib = oniguruma
            .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
            .then(() => ({
                createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
                createOnigString: (s) => new oniguruma.OnigString(s),
            }));
        const registry = new vsctm.Registry({
            onigLib,
            loadGrammar: async (scopeName) => {
                if (scopeName !== 'source.dnn') {
                    return null;
                }
                return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
            },
        });
        grammarPromise = registry.loadGrammar('source.dnn').then((g) => {
            if (!g) {
                throw new Error('grammar source.dnn did not load');
            }
            return g;
        });
    }
    return grammarPromise;
}

/**
 * Tokenizes `text` line by line, carrying the rule stack across lines (block comments and calls span lines).
 * Returns { lines, tokens, scopeAt(line, col) } where tokens are { line, start, end, text, scopes }.
 */
async function tokenize(text) {
    const grammar = await loadGrammar();
    const lines = text.split(/\r\n|\n|\r/);
    const tokens = [];
    const perChar = [];
    let stack = vsctm.INITIAL;
    lines.forEach((line, lineNo) => {
        const result = grammar.tokenizeLine(line, stack);
        stack = result.ruleStack;
        const chars = new Array(line.length);
        for (const t of result.tokens) {
            const end = Math.min(t.endIndex, line.length);
            if (t.startIndex >= end) {
                continue;
            }
            tokens.push({ line: lineNo, start: t.startIndex, end, text: line.slice(t.startIndex, end), scopes: t.scopes });
            for (let i = t.startIndex; i < end; i++) {
                chars[i] = t.scopes;
            }
        }
        perChar.push(chars);
    });
    return {
        lines,
        tokens,
        /** The scope stack of one character, outermost first. */
        scopesAt: (line, col) => perChar[line][col] || ['source.dnn'],
    };
}

/** The innermost scope of each grammar token of a single line, as [text, scope] pairs, whitespace-only tokens left out. */
async function innermost(line) {
    const { tokens } = await tokenize(line);
    return tokens.filter((t) => t.text.trim() !== '').map((t) => [t.text, t.scopes[t.scopes.length - 1]]);
}

module.exports = { tokenize, innermost, loadGrammar };
