import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakPieces, withBreakOpportunities } from '../../../src/webview/wordBreaks';

describe('where a setting\'s name may wrap', () => {
  it('after each underscore between letters or digits: every part of prompt_cache_key stays whole', () => {
    assert.deepEqual(breakPieces('prompt_cache_key'), ['prompt_', 'cache_', 'key']);
    assert.deepEqual(breakPieces('prompt_cache_key: handbook_support_prompt_v2'), ['prompt_', 'cache_', 'key: handbook_', 'support_', 'prompt_', 'v2']);
    assert.deepEqual(breakPieces('state: previous_response_id'), ['state: previous_', 'response_', 'id']);
  });

  it('nowhere else: plain words, a leading or doubled underscore, an underscore before a space', () => {
    for (const text of ['Chat Completions · streamed', '_private', '__init__', 'key_ value', 'a/b c:1', 'TTFT median (p50)']) {
      assert.deepEqual(breakPieces(text), text === '__init__' ? ['__init__'] : [text], text);
    }
  });

  it("in an endpoint's URL, between its parts: the host, the port and each path segment stay whole", () => {
    assert.deepEqual(breakPieces('simulator · http://127.0.0.1:43791/v1 (simulated)'), ['simulator · http://', '127.0.0.1', ':43791', '/v1 (simulated)']);
    assert.deepEqual(breakPieces('https://my-res.openai.azure.com/openai/deployments/gpt4o'), ['https://', 'my-res.openai.azure.com', '/openai', '/deployments', '/gpt4o']);
    assert.deepEqual(breakPieces('http://[::1]:8080/v1'), ['http://', '[::1]', ':8080', '/v1']);
    assert.deepEqual(breakPieces('http://localhost/'), ['http://', 'localhost/']);
  });

  it('for text drawn by CSS, the same places as zero-width spaces: the name reads the same', () => {
    const label = withBreakOpportunities('prompt_cache_key');
    assert.equal(label, 'prompt_\u200bcache_\u200bkey');
    assert.equal(label.replace(/\u200b/g, ''), 'prompt_cache_key');
    assert.equal(withBreakOpportunities('Hit rate'), 'Hit rate');
  });
});
