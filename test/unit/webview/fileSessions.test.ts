import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UiStateSchema } from '../../../src/shared/protocol';
import { sessionsOfFile, stateForFile } from '../../../src/webview/fileSessions';

describe('the sessions the dashboard shows belong to the file it tests', () => {
  it('drops the overlaid and shown sessions of another file', () => {
    const state = stateForFile({ fileUri: 'file:///a.json', overlaid: ['s1', 's2'], current: 's2' }, 'file:///b.json');
    assert.deepEqual(state, { fileUri: 'file:///b.json', overlaid: [] });
  });

  it('keeps them for the same file, and for a page that had no file yet', () => {
    assert.deepEqual(stateForFile({ fileUri: 'file:///a.json', overlaid: ['s1'], current: 's1' }, 'file:///a.json'), {
      fileUri: 'file:///a.json',
      overlaid: ['s1'],
      current: 's1',
    });
    assert.deepEqual(stateForFile({ overlaid: ['s1'] }, 'file:///a.json'), { fileUri: 'file:///a.json', overlaid: ['s1'] });
  });

  it('keeps "Show the sessions of other files too" through a reload and for another file', () => {
    const kept = JSON.parse(JSON.stringify({ fileUri: 'file:///a.json', overlaid: [], allFiles: true }));
    const reloaded = UiStateSchema.parse(kept);
    assert.equal(reloaded.allFiles, true);
    assert.equal(stateForFile(reloaded, 'file:///b.json').allFiles, true);
  });
});

describe('the history lists the sessions of the prompt the panel tests', () => {
  const stored = [
    { sessionId: 'a3', promptFile: 'app.py · call 3' },
    { sessionId: 'a4', promptFile: 'app.py · call 4' },
    { sessionId: 's1', promptFile: 'spread-const.ts · call 1' },
    { sessionId: 'old' },
  ];

  it('leaves out the sessions of other files and of other calls, and counts them', () => {
    const { shown, otherFiles } = sessionsOfFile(stored, 'spread-const.ts · call 1', false);
    assert.deepEqual(shown.map((s) => s.sessionId), ['s1']);
    assert.equal(otherFiles, 3);
    assert.deepEqual(sessionsOfFile(stored, 'app.py · call 4', false).shown.map((s) => s.sessionId), ['a4']);
  });

  it('shows every stored session when asked to, or when the panel tests no file', () => {
    const all = sessionsOfFile(stored, 'spread-const.ts · call 1', true);
    assert.deepEqual(all.shown.map((s) => s.sessionId), ['a3', 'a4', 's1', 'old']);
    assert.equal(all.otherFiles, 3);
    assert.deepEqual(sessionsOfFile(stored, undefined, false), { shown: stored, otherFiles: 0 });
  });
});
