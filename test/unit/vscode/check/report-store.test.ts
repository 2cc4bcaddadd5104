// What a window remembers between sessions: the last workspace, which deployment each workspace was
// picked from, and the last report (checked again when read back, and kept small).
import assert from 'node:assert/strict';
import type { Report } from '../../../../src/diag/model';
import { trimForState } from '../../../../src/shared/check-protocol';
import { ReportStore } from '../../../../src/vscode/check/report-store';
import { MemoryMemento } from '../../../support/memory-memento';
import { checkedSample } from '../../diag/present/report-samples';

describe('report store', () => {
  it('remembers the last workspace, and reads a missing, empty or odd value as none', async () => {
    const state = new MemoryMemento();
    const store = new ReportStore(state.memento);
    assert.equal(store.lastWorkspace, undefined);
    await store.setLastWorkspace('dev');
    assert.equal(new ReportStore(state.memento).lastWorkspace, 'dev');
    for (const odd of ['', 42, { name: 'dev' }]) {
      await state.update('wsdoctor.lastWorkspace', odd);
      assert.equal(store.lastWorkspace, undefined, JSON.stringify(odd));
    }
  });

  it('keeps the last report across sessions and says whether there is one, now and when one is stored', async () => {
    const state = new MemoryMemento();
    const heard: boolean[] = [];
    const store = new ReportStore(state.memento, (has) => heard.push(has));
    assert.equal(store.lastReport, undefined);
    const report = checkedSample();
    await store.setLastReport(report);
    assert.deepEqual(heard, [false, true]);
    // As stored: through JSON, as VS Code keeps it.
    assert.deepEqual(new ReportStore(state.memento).lastReport, JSON.parse(JSON.stringify(trimForState(report, 300))));
    const reopened: boolean[] = [];
    new ReportStore(state.memento, (has) => reopened.push(has));
    assert.deepEqual(reopened, [true]);
  });

  it('stores only the newest 300 samples of a long report', async () => {
    const state = new MemoryMemento();
    const base = checkedSample();
    const samples = Array.from({ length: 1000 }, (_, i) => ({ ...base.samples[0], atMs: i }));
    assert.ok(base.samples.length > 0, 'the sample report has samples');
    await new ReportStore(state.memento).setLastReport({ ...base, samples } as Report);
    const kept = new ReportStore(state.memento).lastReport?.samples ?? [];
    assert.equal(kept.length, 300);
    assert.equal(kept[0].atMs, 700);
  });

  it('reads a stored value that is not a report as none', async () => {
    const state = new MemoryMemento();
    await state.update('wsdoctor.lastReport', { workspace: 'dev', path: 'not a path' });
    const heard: boolean[] = [];
    assert.equal(new ReportStore(state.memento, (has) => heard.push(has)).lastReport, undefined);
    assert.deepEqual(heard, [false]);
  });

  it('remembers which deployment each workspace was picked from, the newest 50', async () => {
    const state = new MemoryMemento();
    const store = new ReportStore(state.memento);
    assert.equal(store.deploymentOf('dev'), undefined);
    await store.setDeploymentOf('dev', 'https://a.example.com');
    await store.setDeploymentOf('ml', 'https://b.example.com');
    await store.setDeploymentOf('dev', 'https://c.example.com');
    assert.equal(store.deploymentOf('dev'), 'https://c.example.com');
    assert.equal(store.deploymentOf('ml'), 'https://b.example.com');
    for (let i = 0; i < 50; i++) await store.setDeploymentOf(`ws-${i}`, `https://${i}.example.com`);
    assert.equal(store.deploymentOf('ml'), undefined, 'the oldest choices go first');
    assert.equal(store.deploymentOf('dev'), undefined);
    assert.equal(store.deploymentOf('ws-0'), 'https://0.example.com');
    assert.equal(store.deploymentOf('ws-49'), 'https://49.example.com');
  });

  it('reads odd stored choices as none, and drops them when it writes', async () => {
    const state = new MemoryMemento();
    const store = new ReportStore(state.memento);
    await state.update('wsdoctor.workspaceDeployments', 'https://a.example.com');
    assert.equal(store.deploymentOf('dev'), undefined);
    await state.update('wsdoctor.workspaceDeployments', { dev: 7, ml: '', ok: 'https://ok.example.com' });
    assert.equal(store.deploymentOf('dev'), undefined);
    assert.equal(store.deploymentOf('ml'), undefined);
    await store.setDeploymentOf('new', 'https://n.example.com');
    assert.deepEqual(state.get('wsdoctor.workspaceDeployments'), {
      ml: '',
      ok: 'https://ok.example.com',
      new: 'https://n.example.com',
    });
  });
});
