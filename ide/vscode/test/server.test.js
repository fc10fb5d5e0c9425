'use strict';
// Language-server client tests: run with `npm test` (node --test test/).
//
// 1. lib/command.js finds the server's command on the PATH or as a path, and nothing when it is missing.
// 2. extension.js, loaded with a stand-in for the `vscode` module, says once in its output channel that the
//    command is missing and starts nothing: the extension goes on highlighting without the server.
// 3. With the compiler built (compiler/target/dnnc.jar), `bin/dnnc lsp` is spoken to with the client library's
//    own JSON-RPC (vscode-jsonrpc, which vscode-languageclient uses): diagnostics, hover, completion.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');
const cp = require('node:child_process');
const { resolveCommand } = require('../lib/command');

const REPO = path.join(__dirname, '..', '..', '..');

test('resolveCommand finds an executable on the PATH, by path, and nothing otherwise', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dnnc-cmd-'));
  const exe = path.join(dir, 'dnnc');
  fs.writeFileSync(exe, '#!/bin/sh\n');
  fs.chmodSync(exe, 0o755);
  const plain = path.join(dir, 'not-executable');
  fs.writeFileSync(plain, '');
  fs.chmodSync(plain, 0o644);
  const env = { PATH: ['/nonexistent', dir].join(path.delimiter) };
  assert.equal(resolveCommand('dnnc', env), exe);
  assert.equal(resolveCommand(exe, {}), exe);
  assert.equal(resolveCommand('./dnnc', {}, dir), exe);
  assert.equal(resolveCommand('dnnc-nowhere', env), undefined);
  if (process.platform !== 'win32') {
    assert.equal(resolveCommand('not-executable', env), undefined);
  }
  assert.equal(resolveCommand('', env), undefined);
});

/** Loads extension.js with `fake` standing in for the vscode module. */
function loadExtension(fake) {
  const original = Module._load;
  Module._load = function (request, ...rest) {
    return request === 'vscode' ? fake : original.call(this, request, ...rest);
  };
  try {
    const file = require.resolve('../extension');
    delete require.cache[file];
    return require(file);
  } finally {
    Module._load = original;
  }
}

function fakeVscode(settings) {
  const lines = [];
  return {
    lines,
    window: {
      createOutputChannel: () => ({ appendLine: (l) => lines.push(l), append: () => {}, dispose: () => {} }),
      showInformationMessage: () => {},
    },
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: () => ({ get: (key, dflt) => (key in settings ? settings[key] : dflt) }),
      onDidChangeConfiguration: () => ({ dispose: () => {} }),
    },
  };
}

test('without the dnnc command the extension logs once and keeps highlighting', async () => {
  const vscode = fakeVscode({ 'server.command': 'dnnc-surely-not-installed' });
  const extension = loadExtension(vscode);
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.equal(vscode.lines.length, 1, vscode.lines.join('\n'));
  assert.match(vscode.lines[0], /'dnnc-surely-not-installed' was not found/);
  assert.match(vscode.lines[0], /highlighting still works/);
  assert.equal(extension.deactivate(), undefined, 'no client to stop');
});

test('the package declares how the server is started', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  assert.equal(pkg.main, './extension.js');
  assert.deepEqual(pkg.activationEvents, ['onLanguage:dnn']);
  const props = pkg.contributes.configuration.properties;
  assert.equal(props['dnnc.server.command'].default, 'dnnc');
  assert.deepEqual(props['dnnc.server.args'].default, ['lsp']);
  assert.ok(pkg.dependencies['vscode-languageclient']);
  assert.doesNotMatch(pkg.scripts.package, /--no-dependencies/, 'the .vsix must carry vscode-languageclient');
});

const JAR = path.join(REPO, 'compiler', 'target', 'dnnc.jar');

test('bin/dnnc lsp answers the client library over stdio', { skip: !fs.existsSync(JAR) && 'compiler not built' }, async () => {
  const rpc = require('vscode-jsonrpc/node');
  const server = cp.spawn(path.join(REPO, 'bin', 'dnnc'), ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin));
  const published = [];
  let wake = () => {};
  connection.onNotification('textDocument/publishDiagnostics', (p) => { published.push(p); wake(); });
  connection.listen();
  try {
    const init = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.equal(init.serverInfo.name, 'dnnc');
    await connection.sendNotification('initialized', {});
    const file = path.join(os.tmpdir(), 'dnnc-client-test.dnn');
    const uri = 'file://' + file;
    const text = 'model M {\n    input x: float[4]\n    target y: float[1]\n    h = relu(dense(x, 8))\n' +
      '    output p = dense(h, 1)\n    loss = mse(p, y) + mse(q, y)\n    train { optimizer = adam() }\n}\n';
    const diagnostics = new Promise((resolve) => { wake = resolve; });
    await connection.sendNotification('textDocument/didOpen',
      { textDocument: { uri, languageId: 'dnn', version: 1, text } });
    await diagnostics;
    const d = published[0].diagnostics;
    assert.equal(d.length, 1, JSON.stringify(d));
    assert.match(d[0].message, /^unknown name `q`/);
    assert.deepEqual(d[0].range, { start: { line: 5, character: 27 }, end: { line: 5, character: 28 } });

    const hover = await connection.sendRequest('textDocument/hover',
      { textDocument: { uri }, position: { line: 3, character: 4 } });
    assert.match(hover.contents.value, /h: \[B, 8\]/);

    const items = await connection.sendRequest('textDocument/completion',
      { textDocument: { uri }, position: { line: 6, character: 29 } });
    assert.ok(items.some((i) => i.label === 'lr'), JSON.stringify(items.map((i) => i.label)));

    await connection.sendRequest('shutdown');
    const exited = new Promise((resolve) => server.on('exit', resolve));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    server.kill();
  }
});
