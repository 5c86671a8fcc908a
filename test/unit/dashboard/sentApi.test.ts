import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { automaticEndpoint, sentApiView } from '../../../src/shared/sentApi';

describe('dashboard.endpoint auto opens on the provider of the prompt\'s model', () => {
  it('a Claude call with only an OpenAI key opens on the simulator, never on OpenAI', () => {
    assert.equal(automaticEndpoint('claude-sonnet-4-5', 'anthropic', ['openai']), 'simulator');
  });

  it('a Claude call opens on Anthropic once its key is set', () => {
    assert.equal(automaticEndpoint('claude-sonnet-4-5', 'anthropic', ['openai', 'anthropic']), 'anthropic');
  });

  it('the model decides over the file: a Claude model picked for an OpenAI file, a GPT model for a Claude file', () => {
    assert.equal(automaticEndpoint('claude-sonnet-4-5', 'openai', ['openai', 'anthropic']), 'anthropic');
    assert.equal(automaticEndpoint('gpt-4o-mini', 'anthropic', ['openai', 'anthropic']), 'openai');
  });

  it('other prompts open on OpenAI with its key, else on the simulator', () => {
    assert.equal(automaticEndpoint('gpt-4o-mini', 'openai', ['openai', 'anthropic']), 'openai');
    assert.equal(automaticEndpoint('gpt-4o-mini', 'openai', ['anthropic']), 'simulator');
  });
});

describe('the run form shows the API a run is sent as', () => {
  it('the simulator with a Claude prompt: Anthropic Messages, OpenAI\'s cache fields off with the reason', () => {
    const view = sentApiView('simulator', 'claude-sonnet-4-5', 'anthropic', 'chat');
    assert.equal(view.apiLabel, 'Messages (Anthropic)');
    assert.match(view.openAiOnlyReason ?? '', /prompt_cache_key, prompt_cache_retention and the Responses state are OpenAI-only and not sent/);
  });

  it('Anthropic itself: Anthropic Messages whatever the model', () => {
    assert.equal(sentApiView('anthropic', 'my-proxy-model', undefined, 'responses').apiLabel, 'Messages (Anthropic)');
  });

  it('the simulator with a GPT prompt, and OpenAI: the API chosen, every field on', () => {
    assert.deepEqual(sentApiView('simulator', 'gpt-4o-mini', 'openai', 'chat'), { anthropic: false, apiLabel: 'Chat Completions' });
    assert.deepEqual(sentApiView('openai', 'gpt-5', 'openai', 'responses'), { anthropic: false, apiLabel: 'Responses' });
  });
});
