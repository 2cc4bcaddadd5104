import assert from 'node:assert/strict';
import { MAX_TARGET } from '../../../../src/diag/wire/limits';
import { parseTargetInfo } from '../../../../src/shared/speedtest-protocol';
import { EXTENSION_FRONT_END } from '../../../../src/vscode/speedtest/front-end';
import {
  readPanelTarget,
  revivedTarget,
  targetInfo,
  targetReader,
} from '../../../../src/vscode/speedtest/panel-target';
import type { PanelTarget } from '../../../../src/vscode/speedtest/panel-target';

function read(text: string): PanelTarget {
  const r = readPanelTarget(text);
  assert.ok(r.ok, `${JSON.stringify(text.slice(0, 40))} reads`);
  return r.target;
}

function refused(text: string): string {
  const r = readPanelTarget(text);
  assert.ok(!r.ok, `${JSON.stringify(text.slice(0, 40))} is refused`);
  return r.error;
}

describe('the speed test panel target', () => {
  it('is parsed once into what it names, shown as the text the user gave', () => {
    assert.deepEqual(read('  alice/dev \n'), { label: 'alice/dev', parsed: { kind: 'coder', workspace: 'alice/dev' } });
    assert.deepEqual(read('ssh://ann@box.lab'), {
      label: 'ssh://ann@box.lab',
      parsed: { kind: 'ssh', host: 'box.lab', port: 22, username: 'ann' },
    });
  });

  it('sends the webview only the text to show and the kind, which its validator passes unchanged', () => {
    const targets = [read('dev'), read('ssh://\u202eann@box:2222'), read(`ssh://ann@${'h'.repeat(MAX_TARGET - 10)}`)];
    for (const target of targets) {
      const info = targetInfo(target);
      assert.deepEqual(Object.keys(info).sort(), ['kind', 'label']);
      assert.equal(info.kind, target.parsed.kind);
      assert.deepEqual(parseTargetInfo(JSON.parse(JSON.stringify(info))), info);
    }
  });

  it("names the extension's key file setting when it refuses a password, and does not repeat the password", () => {
    const error = refused('ssh://ann:hunter2secret@box');
    assert.ok(error.includes(EXTENSION_FRONT_END.keyFileOption));
    assert.doesNotMatch(error, /hunter2secret/);
    assert.doesNotMatch(refused('ssh://ann:hunter2secret@box:70000'), /hunter2secret/);
  });

  it('refuses hostile text: line breaks inside, huge text, option-like workspaces', () => {
    refused('ssh://ann@evil\n.example:22');
    refused('dev\nrm -rf');
    refused('-oProxyCommand=touch /tmp/owned');
    assert.ok(refused(`ssh://${'a'.repeat(1_000_000)}`).length < 200);
    assert.ok(refused('x'.repeat(1_000_000)).length < 200);
  });

  it('keeps bidi overrides as data in the text shown and in what is measured', () => {
    const target = read('ssh://\u202eann@box');
    assert.equal(target.label, 'ssh://\u202eann@box');
    assert.ok(target.parsed.kind === 'ssh' && target.parsed.username === '\u202eann');
  });
});

describe('the speed test input box reader', () => {
  it('parses each text once: the text accepted is the one checked last', () => {
    const reader = targetReader();
    const checked = reader('ssh://ann@box');
    assert.equal(reader('ssh://ann@box'), checked);
    assert.deepEqual(checked, readPanelTarget('ssh://ann@box'));
  });

  it('reads a changed text afresh', () => {
    const reader = targetReader();
    const first = reader('dev');
    const second = reader('ssh://ann:pw@box');
    assert.notEqual(second, first);
    assert.equal(second.ok, false);
    assert.deepEqual(reader('dev'), first);
  });
});

describe('the speed test target after a window reload', () => {
  it('reads the saved label, trusting its parse over the kind the webview saved', () => {
    assert.equal(revivedTarget(null), null);
    assert.deepEqual(revivedTarget({ label: 'dev', kind: 'ssh' }), {
      label: 'dev',
      parsed: { kind: 'coder', workspace: 'dev' },
    });
    assert.deepEqual(revivedTarget({ label: 'ssh://ann@box:2222', kind: 'coder' })?.parsed, {
      kind: 'ssh',
      host: 'box',
      port: 2222,
      username: 'ann',
    });
  });

  it('drops a saved label that does not read', () => {
    for (const label of ['-oProxyCommand=x', 'ssh://ann:pw@box', 'ssh://ann@bo\nx', 'dev\u0007', ''])
      assert.equal(revivedTarget({ label, kind: 'coder' }), null, JSON.stringify(label));
  });
});
