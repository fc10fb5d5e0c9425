#!/usr/bin/env node
'use strict';
// Prints the scopes the grammar gives a .dnn file, one token a line: `node tools/scopes.js ../../examples/xor.dnn`.
// With -e, tokenizes the argument itself: `node tools/scopes.js -e 'optimizer = adam(lr = 1e-3)'`.

const fs = require('node:fs');
const { tokenize } = require('./highlight');

async function main(args) {
    if (args.length === 0) {
        console.error('usage: node tools/scopes.js FILE.dnn | -e TEXT');
        process.exit(2);
    }
    const text = args[0] === '-e' ? args.slice(1).join('\n') : fs.readFileSync(args[0], 'utf8');
    const { tokens } = await tokenize(text);
    for (const t of tokens) {
        if (t.text.trim() !== '') {
            console.log(`${t.line + 1}:${t.start + 1}\t${JSON.stringify(t.text)}\t${t.scopes.slice(1).join(' ')}`);
        }
    }
}

main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
});
