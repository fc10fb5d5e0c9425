'use strict';
// Starts the dnnc language server (`dnnc lsp`) for .dnn files when its command can be found. Highlighting,
// snippets and the editing rules are declarative and work without it.
const vscode = require('vscode');
const { resolveCommand } = require('./lib/command');

let client;

async function activate(context) {
  const output = vscode.window.createOutputChannel('dnnc');
  context.subscriptions.push(output);
  const config = vscode.workspace.getConfiguration('dnnc');
  if (!config.get('server.enabled', true)) {
    output.appendLine('dnnc: the language server is off (dnnc.server.enabled); highlighting only.');
    return;
  }
  const command = config.get('server.command', 'dnnc');
  const args = config.get('server.args', ['lsp']);
  const workspace = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const resolved = resolveCommand(command, process.env, workspace ? workspace.uri.fsPath : process.cwd());
  if (!resolved) {
    // Said once, in the output channel: the extension keeps highlighting without the server.
    output.appendLine(`dnnc: '${command}' was not found on the PATH, so there are no diagnostics, hovers or ` +
      'completion; highlighting still works. Put dnnc on the PATH or set dnnc.server.command to its full path ' +
      '(for example <repository>/bin/dnnc), then reload the window.');
    return;
  }
  let languageClient;
  try {
    languageClient = require('vscode-languageclient/node');
  } catch (e) {
    output.appendLine(`dnnc: vscode-languageclient is missing from this package (${e.message}); highlighting only.`);
    return;
  }
  const serverOptions = { command: resolved, args };   // stdio, with no extra flags
  const clientOptions = {
    documentSelector: [{ language: 'dnn' }],
    outputChannel: output,
  };
  client = new languageClient.LanguageClient('dnnc', 'dnnc language server', serverOptions, clientOptions);
  try {
    await client.start();
    output.appendLine(`dnnc: language server started: ${resolved} ${args.join(' ')}`);
  } catch (e) {
    output.appendLine(`dnnc: the language server did not start (${e && e.message ? e.message : e}); highlighting only.`);
    client = undefined;
  }
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('dnnc.server')) {
      vscode.window.showInformationMessage('dnnc: reload the window to use the new language server settings.');
    }
  }));
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
