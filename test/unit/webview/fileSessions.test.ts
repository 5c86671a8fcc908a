import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateForFile } from '../../../src/webview/fileSessions';

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
});
