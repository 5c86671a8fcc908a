import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Memento } from 'vscode';
import { UiMemory } from '../../../src/extension/dashboard/uiMemory';
import type { RunForm } from '../../../src/shared/protocol';

/** The part of a workspace Memento the memory uses, kept in a map. */
function memento(): Memento & { values: Map<string, unknown> } {
  const values = new Map<string, unknown>();
  return {
    values,
    keys: () => [...values.keys()],
    get: <T>(key: string, fallback?: T) => (values.has(key) ? (values.get(key) as T) : fallback),
    update: async (key: string, value: unknown) => void values.set(key, value),
  } as Memento & { values: Map<string, unknown> };
}

const FORM: RunForm = {
  endpoint: 'simulator',
  api: 'chat',
  responsesState: 'independent',
  model: 'gpt-4o',
  runs: 20,
  delayMs: 400,
  concurrency: 1,
  promptCacheKeyMode: 'none',
  promptCacheKey: '',
  promptCacheRetention: '',
  maxOutputTokens: 16,
  stream: true,
  variableRows: [{ question: 'Where is my order?' }],
  perRequestValues: 'vary',
};

describe('the dashboard remembers its UI state across closing the panel', () => {
  it('brings back the form of the same file, the overlaid sessions and the shown one', async () => {
    const memory = new UiMemory(memento());
    await memory.remember({ fileUri: 'file:///a.prompty', form: FORM, overlaid: ['s1', 's2'], current: 's2' });
    const recalled = memory.recall('file:///a.prompty');
    assert.equal(recalled?.form?.runs, 20);
    assert.equal(recalled?.form?.delayMs, 400);
    assert.equal(recalled?.form?.stream, true);
    assert.deepEqual(recalled?.overlaid, ['s1', 's2']);
    assert.equal(recalled?.current, 's2');
  });

  it('gives another file no form (it starts from its defaults) and none of the first file\'s sessions', async () => {
    const memory = new UiMemory(memento());
    await memory.remember({ fileUri: 'file:///a.prompty', form: FORM, overlaid: ['s1'] });
    const other = memory.recall('file:///b.prompty');
    assert.equal(other?.form, undefined);
    assert.deepEqual(other?.overlaid, []);
    assert.equal(other?.current, undefined);
    // The first file still gets its sessions back.
    assert.deepEqual(memory.recall('file:///a.prompty')?.overlaid, ['s1']);
    // Each file keeps its own form.
    await memory.remember({ fileUri: 'file:///b.prompty', form: { ...FORM, runs: 5 }, overlaid: ['s1'] });
    assert.equal(memory.recall('file:///a.prompty')?.form?.runs, 20);
    assert.equal(memory.recall('file:///b.prompty')?.form?.runs, 5);
  });

  it('forgets a deleted session, and drops stored values that no longer validate', async () => {
    const store = memento();
    const memory = new UiMemory(store);
    await memory.remember({ fileUri: 'file:///a.prompty', form: FORM, overlaid: ['s1', 's2'], current: 's1' });
    await memory.forget('s1');
    assert.deepEqual(memory.recall('file:///a.prompty')?.overlaid, ['s2']);
    assert.equal(memory.recall('file:///a.prompty')?.current, undefined);
    store.values.set('promptCacheLens.dashboard.ui', { forms: [['file:///a.prompty', { runs: -3 }]], overlaid: ['../../etc'] });
    const recalled = memory.recall('file:///a.prompty');
    assert.equal(recalled?.form, undefined);
    assert.deepEqual(recalled?.overlaid, []);
  });

  it('has nothing to recall in a new workspace', () => {
    assert.equal(new UiMemory(memento()).recall('file:///a.prompty'), undefined);
  });
});
