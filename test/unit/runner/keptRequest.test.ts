import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comparePrompts } from '../../../src/core/promptDiff';
import { runSession } from '../../../src/runner/index';
import { MAX_KEPT_REQUEST_CHARS, missingRequestReason, RequestKeeper, requestBodyOf, runAndPrevious } from '../../../src/runner/keptRequest';
import { longChatPrompt, withSimulator } from './helpers';

describe('requests kept in the history', () => {
  it('each run keeps what it sent, one copy per distinct body, and two runs compare at the question', async () => {
    await withSimulator({}, async (sim) => {
      const result = await runSession({
        prompt: longChatPrompt(),
        endpoint: { kind: 'simulator', baseURL: sim.url },
        settings: { model: 'gpt-4o-mini', api: 'chat', runs: 3, variableRows: [{ question: 'What is rule 3?' }, { question: 'What is rule 3?' }, { question: 'And rule 7?' }] },
      });
      const [first, second, third] = result.records;
      assert.ok(first.request?.body && third.request?.body);
      // The second run sent what the first did: it names the copy by its hash instead of repeating it.
      assert.equal(second.request?.body, undefined);
      assert.equal(second.request?.sha256, first.request.sha256);
      assert.equal(requestBodyOf(result.records, second), first.request.body);
      assert.notEqual(third.request.sha256, first.request.sha256);
      const sent = JSON.parse(third.request.body) as { model: string; messages: Array<{ role: string; content: string }> };
      assert.equal(sent.model, 'gpt-4o-mini');
      assert.equal(sent.messages.at(-1)?.content, 'Question: And rule 7?');
      assert.equal(missingRequestReason(result.records, second), undefined);

      const pair = runAndPrevious(result.records, 2);
      assert.ok('run' in pair);
      assert.deepEqual(pair.previous, { label: 'run 2', fileName: 'run-2.json', text: first.request.body });
      assert.deepEqual(pair.run, { label: 'run 3', fileName: 'run-3.json', text: third.request.body });
      assert.deepEqual(runAndPrevious(result.records, 3), { error: 'The session has no run 4.' });
      const diff = await comparePrompts(pair.previous, pair.run);
      assert.equal(diff.second.firstDifference?.section, 'user');
      assert.match(diff.headline, / \(user\): `What` vs `And` · /);
    });
  });

  it('keys in a body are redacted before it is hashed and kept; a body over the limit keeps its hash only', () => {
    const keeper = new RequestKeeper(['sk-secret-value-123456']);
    const kept = keeper.keep({ model: 'gpt-4o', messages: [{ role: 'user', content: 'my key is sk-secret-value-123456' }] }, 'openai-chat');
    assert.ok(kept.body && !kept.body.includes('sk-secret-value-123456'));
    const large = keeper.keep({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(MAX_KEPT_REQUEST_CHARS) }] }, 'openai-chat');
    assert.equal(large.body, undefined);
    assert.equal(large.omitted, true);
    assert.match(large.sha256, /^[0-9a-f]{64}$/);
  });

  it('a run from history written before requests were kept says so', () => {
    const run = { index: 4 } as Parameters<typeof missingRequestReason>[1];
    assert.equal(missingRequestReason([run], run), 'Run 5 was recorded before requests were kept in the history.');
  });
});
