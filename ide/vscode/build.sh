#!/usr/bin/env bash
# Builds the VS Code extension: installs the pinned dependencies from package-lock.json (npm registry only;
# install scripts are off, see .npmrc), runs the tests (grammar, language client) and packages
# dnnc-language-<version>.vsix here with its runtime dependency, vscode-languageclient.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
npm test
npm run package
