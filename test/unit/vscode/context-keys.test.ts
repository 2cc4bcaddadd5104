import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONTEXT_KEYS } from '../../../src/vscode/context-keys';
import { REPO_ROOT } from '../../support/paths';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, MenuItem[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

/** `wsdoctor.*` names a when clause reads as context keys: not quoted (view types) and not after `view ==`. */
function contextKeysIn(when: string): string[] {
  const unquoted = when.replace(/'[^']*'/g, "''");
  return [...unquoted.matchAll(/(?<!view\s*==\s*)\bwsdoctor\.[\w.]+/g)].map((m) => m[0]);
}

function allWhens(): string[] {
  return Object.values(manifest.contributes.menus).flatMap((items) => items.flatMap((i) => (i.when ? [i.when] : [])));
}

describe('context keys', () => {
  it('every wsdoctor key a when clause reads is set by the extension, and every key set is read', () => {
    const read = new Set(allWhens().flatMap(contextKeysIn));
    const ours = Object.values(CONTEXT_KEYS) as string[];
    assert.deepEqual(
      [...read].filter((key) => !ours.includes(key)),
      [],
      'read in package.json, missing from context-keys.ts',
    );
    assert.deepEqual(
      ours.filter((key) => !read.has(key)),
      [],
      'in context-keys.ts, read by no when clause',
    );
  });

  it('the scan leaves view ids and quoted panel types alone', () => {
    assert.deepEqual(contextKeysIn('view == wsdoctor.fleet && wsdoctor.fleet.refreshing'), [
      'wsdoctor.fleet.refreshing',
    ]);
    assert.deepEqual(contextKeysIn("activeWebviewPanelId == 'wsdoctor.connection' && wsdoctor.hasReport"), [
      'wsdoctor.hasReport',
    ]);
  });
});

describe('menus', () => {
  const menus = manifest.contributes.menus;

  it('the remote indicator menu offers the check and the speed test', () => {
    assert.deepEqual(
      (menus['statusBar/remoteIndicator'] ?? []).map((i) => i.command),
      ['wsdoctor.checkConnection', 'wsdoctor.speedTest'],
    );
    // VS Code ignores entries whose group is not remote_<order>_<remote name>_<grouping>.
    for (const item of menus['statusBar/remoteIndicator'] ?? []) {
      assert.match(item.group ?? '', /^(remote|virtualfs)_\d\d_[a-z][a-z0-9+.-]*_[^@]+(@\d+)?$/, item.command);
    }
  });

  it('panel title buttons show only while their panel is active', () => {
    const items = menus['editor/title'] ?? [];
    assert.ok(items.length > 0);
    for (const item of items) {
      assert.match(item.when ?? '', /activeWebviewPanelId == 'wsdoctor\.(connection|speedtest)'/, item.command);
    }
  });

  it('commands that cannot run are hidden from the palette', () => {
    const palette = new Map((menus.commandPalette ?? []).map((i) => [i.command, i.when]));
    assert.equal(palette.get('wsdoctor.copyReport'), CONTEXT_KEYS.hasReport);
    // Title-bar buttons act on their panel's workspace: nothing to act on from the palette.
    for (const id of [
      'wsdoctor.connection.checkAgain',
      'wsdoctor.connection.speedTest',
      'wsdoctor.speedtest.checkConnection',
    ]) {
      assert.equal(palette.get(id), 'false', id);
    }
  });

  it('name only contributed commands', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    const unknown = Object.values(menus)
      .flat()
      .map((i) => i.command)
      .filter((id) => !contributed.has(id));
    assert.deepEqual(unknown, []);
  });
});
