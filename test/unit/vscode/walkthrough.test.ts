import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/paths';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands: { command: string }[];
    walkthroughs?: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const manifest = JSON.parse(read('package.json')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const nls = JSON.parse(read('package.nls.json')) as Record<string, string>;

/** A manifest string as users see it in English: `%key%` looked up in package.nls.json. */
function english(value: string): string {
  const key = /^%(.+)%$/.exec(value)?.[1];
  if (key === undefined) return value;
  const text = nls[key];
  assert.ok(text !== undefined, `${key} missing from package.nls.json`);
  return text;
}

describe('walkthrough', () => {
  const walkthroughs = manifest.contributes.walkthroughs ?? [];

  it('has three steps: run a check, read an issue, run a speed test', () => {
    assert.equal(walkthroughs.length, 1);
    assert.deepEqual(
      walkthroughs[0].steps.map((s) => s.id),
      ['runCheck', 'readIssue', 'runSpeedTest'],
    );
  });

  it('each step has its Markdown, a button to a contributed command, and completes on a contributed command', () => {
    for (const step of walkthroughs[0].steps) {
      const media = step.media.markdown;
      assert.ok(media && media.startsWith('media/walkthrough/') && existsSync(path.join(REPO_ROOT, media)), step.id);
      assert.match(read(media), /^# \S/, `${media} starts with a heading`);
      const links = [...english(step.description).matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} has no button`);
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `${step.id} never completes`);
      for (const id of [...links, ...events.map((e) => e.replace(/^onCommand:/, ''))]) {
        assert.ok(contributed.has(id), `${step.id}: ${id} is not a contributed command`);
      }
      assert.ok(events.every((e) => e.startsWith('onCommand:')));
    }
  });

  it('its titles and descriptions are translated keys', () => {
    const [walk] = walkthroughs;
    for (const value of [walk.title, walk.description, ...walk.steps.flatMap((s) => [s.title, s.description])]) {
      assert.match(value, /^%[\w.]+%$/);
      english(value);
    }
  });
});
