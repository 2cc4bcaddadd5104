import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMAND_IDS } from '../../../src/vscode/command-ids';
import { REPO_ROOT } from '../../support/paths';

const MODULE = path.join('src', 'vscode', 'command-ids.ts');

function contributedCommands(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[] };
  };
  return pkg.contributes.commands.map((c) => c.command);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/**
 * Command ids spelled out in `text`: a known id in quotes, or any `wsdoctor.*` string where a command
 * goes (registerCommand, executeCommand, a `command:` property or a `command:` link).
 */
function commandLiterals(text: string, known: readonly string[]): string[] {
  const found: string[] = [];
  for (const id of known) {
    const quoted = new RegExp(`['"\`]${id.replace('.', '\\.')}['"\`]`);
    if (quoted.test(text)) found.push(id);
  }
  const inCommandPosition =
    /(?:registerCommand|executeCommand)\(\s*['"`](wsdoctor\.[\w.]+)|command:\s*['"`]?(wsdoctor\.[\w.]+)/g;
  for (const m of text.matchAll(inCommandPosition)) found.push(m[1] ?? m[2]);
  return [...new Set(found)];
}

describe('command ids', () => {
  it('match the commands package.json contributes, both ways', () => {
    const ours = Object.values(COMMAND_IDS).sort();
    const contributed = contributedCommands().sort();
    assert.deepEqual(
      ours.filter((id) => !contributed.includes(id)),
      [],
      'in command-ids.ts, missing from contributes.commands',
    );
    assert.deepEqual(
      contributed.filter((id) => !(ours as string[]).includes(id)),
      [],
      'in contributes.commands, missing from command-ids.ts',
    );
    assert.equal(new Set(ours).size, ours.length, 'an id is listed twice');
  });

  it('are spelled out nowhere in src/ but in their module', () => {
    const known = contributedCommands();
    const offenders = sourceFiles(path.join(REPO_ROOT, 'src'))
      .filter((file) => path.relative(REPO_ROOT, file) !== MODULE)
      .flatMap((file) =>
        commandLiterals(readFileSync(file, 'utf8'), known).map((id) => `${path.relative(REPO_ROOT, file)}: ${id}`),
      );
    assert.deepEqual(offenders, []);
  });

  it('the scan finds literals, and leaves view types and setting keys alone', () => {
    const known = Object.values(COMMAND_IDS);
    assert.deepEqual(commandLiterals(`run('wsdoctor.speedTest')`, known), ['wsdoctor.speedTest']);
    assert.deepEqual(commandLiterals('[x](command:wsdoctor.showLog)', known), ['wsdoctor.showLog']);
    assert.deepEqual(commandLiterals(`executeCommand("wsdoctor.brandNew")`, known), ['wsdoctor.brandNew']);
    assert.deepEqual(commandLiterals(`{ command: 'wsdoctor.other', title: 'x' }`, known), ['wsdoctor.other']);
    assert.deepEqual(
      commandLiterals(
        `const VIEW = 'wsdoctor.speedtest'; get('wsdoctor.speedtest.streams'); key = 'wsdoctor.lastReport'`,
        known,
      ),
      [],
    );
  });
});
