'use strict';
// Finding the language server's command, without VS Code, so that it can be tested with plain Node.
const fs = require('fs');
const path = require('path');

function isExecutableFile(file) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch (e) {
    return false;
  }
}

/**
 * The full path of `command` (a name looked up on PATH, or a path, absolute or relative to `cwd`), or
 * undefined when there is no such executable file.
 */
function resolveCommand(command, env = process.env, cwd = process.cwd()) {
  if (typeof command !== 'string' || command.trim() === '') {
    return undefined;
  }
  const extensions = process.platform === 'win32'
    ? ['', ...(env.PATHEXT || '.EXE;.CMD;.BAT').split(';').filter(Boolean)]
    : [''];
  const candidates = [];
  if (command.includes('/') || command.includes(path.sep)) {
    candidates.push(path.resolve(cwd, command));
  } else {
    for (const dir of (env.PATH || env.Path || '').split(path.delimiter)) {
      if (dir) {
        candidates.push(path.join(dir, command));
      }
    }
  }
  for (const candidate of candidates) {
    for (const ext of extensions) {
      if (isExecutableFile(candidate + ext)) {
        return candidate + ext;
      }
    }
  }
  return undefined;
}

module.exports = { resolveCommand };
