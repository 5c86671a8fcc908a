import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { isOpenAiReasoningModel, takesNoSampling } from '../../../src/core/cache';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { loadCorpus } from '../../recordedCorpus';

const chat = (model: string, more: Record<string, unknown>) =>
  JSON.stringify({ model, ...more, messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hi' }] }, null, 2);

const refusedIn = async (fileName: string, text: string) => (await analyzePrompt({ fileName, text })).findings.filter((f) => f.rule === 'request-refused');

/** The text once the finding's Quick Fix is applied. */
function fixed(text: string, finding: { fix?: { edits: Array<{ range: { start: number; end: number }; newText: string }> } }): string {
  const [edit] = finding.fix!.edits;
  return text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
}

describe('max_tokens sent to an OpenAI reasoning model on Chat Completions (request-refused)', () => {
  it('is an error on the key for the o-series and gpt-5 and later, whose answer is a 400; its Quick Fix sends max_completion_tokens', async () => {
    for (const model of ['o1', 'o1-mini', 'o3-mini', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'gpt-5.4-mini']) {
      const text = chat(model, { max_tokens: 500 });
      const [finding, ...more] = await refusedIn('request.json', text);
      assert.deepEqual(more, [], model);
      assert.equal(finding.severity, 'error', model);
      assert.equal(text.slice(finding.range!.start, finding.range!.end), 'max_tokens', model);
      assert.match(finding.message, new RegExp(`^${model.replace('.', '\\.')} refuses \`max_tokens\` on Chat Completions: the API answers 400 \\("Unsupported parameter: 'max_tokens' is not supported with this model\\. Use 'max_completion_tokens' instead\\."\\)`));
      const after = fixed(text, finding);
      assert.equal(JSON.parse(after).max_completion_tokens, 500);
      assert.ok(!('max_tokens' in JSON.parse(after)));
      assert.deepEqual(await refusedIn('request.json', after), [], model);
    }
  });

  it('is not reported where the API takes it: gpt-4o, gpt-4.1, the ChatGPT models, max_completion_tokens, a null, another API or server', async () => {
    for (const model of ['gpt-4o', 'gpt-4.1-mini', 'gpt-5-chat-latest', 'gpt-5.1-chat-latest', 'claude-sonnet-4-5', 'llama-3.1-70b']) {
      assert.deepEqual(await refusedIn('request.json', chat(model, { max_tokens: 500 })), [], model);
    }
    assert.deepEqual(await refusedIn('request.json', chat('o3-mini', { max_completion_tokens: 500 })), []);
    assert.deepEqual(await refusedIn('request.json', chat('o3-mini', { max_tokens: null })), []);
    // A Responses request names its limit max_output_tokens; a max_tokens there is another matter.
    const responses = JSON.stringify({ model: 'o3-mini', max_output_tokens: 500, input: 'Hi' });
    assert.deepEqual(await refusedIn('request.json', responses), []);
  });

  it('a temperature other than 1 is an error on the key for the o-series and gpt-5, gpt-5-mini, gpt-5-nano; later releases and 1 pass', async () => {
    for (const model of ['o1-mini', 'o3', 'o4-mini', 'gpt-5', 'gpt-5-mini', 'gpt-5-nano-2025-08-07']) {
      const text = chat(model, { temperature: 0 });
      const [finding, ...more] = await refusedIn('request.json', text);
      assert.deepEqual(more, [], model);
      assert.equal(finding.severity, 'error');
      assert.equal(text.slice(finding.range!.start, finding.range!.end), 'temperature', model);
      assert.match(finding.message, /takes only the default `temperature` \(1\): the API answers 400 \("Unsupported value: 'temperature' does not support 0 with this model\. Only the default \(1\) value is supported\."\)/);
      // Its Quick Fix leaves the field out, and the file stays valid JSON as written.
      const after = fixed(text, finding);
      assert.deepEqual(Object.keys(JSON.parse(after)), ['model', 'messages'], model);
      assert.deepEqual(await refusedIn('request.json', after), [], model);
    }
    for (const [model, temperature] of [['gpt-5', 1], ['gpt-5.1', 0.7], ['gpt-5.4', 0], ['gpt-4o', 0], ['gpt-5-chat-latest', 0.2]] as const) {
      assert.deepEqual(await refusedIn('request.json', chat(model, { temperature })), [], `${model} ${temperature}`);
    }
    // A minified request stays minified: the field and its comma go, nothing else moves.
    const minified = '{"model":"o3-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.2}';
    const [inMinified] = await refusedIn('request.json', minified);
    assert.equal(fixed(minified, inMinified), '{"model":"o3-mini","messages":[{"role":"user","content":"Hi"}]}');
    // Both refused: both said, each on its key.
    const both = await refusedIn('request.json', chat('o3-mini', { temperature: 0.2, max_tokens: 100 }));
    assert.deepEqual(both.map((f) => f.message.split(':')[0]), ['o3-mini refuses `max_tokens` on Chat Completions', 'o3-mini takes only the default `temperature` (1)']);
  });

  it('no recorded Chat Completions request of a model that takes only the default temperature was answered with another one', () => {
    const answered = loadCorpus().filter((p) => p.api === 'chat' && /^(o\d|gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$)/.test(p.model));
    assert.ok(answered.length > 100, `${answered.length} recorded requests`);
    assert.deepEqual(answered.filter((p) => typeof p.request.temperature === 'number' && p.request.temperature !== 1).map((p) => p.file), []);
  });

  it('no recorded Chat Completions request of a reasoning model that the API answered sends max_tokens', () => {
    const answered = loadCorpus().filter((p) => p.api === 'chat' && isOpenAiReasoningModel(p.model));
    assert.ok(answered.length > 200, `${answered.length} recorded requests`);
    assert.deepEqual(answered.filter((p) => 'max_tokens' in p.request && p.request.max_tokens !== null).map((p) => p.file), []);
  });

  it('in source code: an error on the keyword argument or key the call writes, and its fix renames it', async () => {
    const python = `from openai import OpenAI

client = OpenAI()


def ask(question: str):
    return client.chat.completions.create(model="o3-mini", max_tokens=500, messages=[{"role": "user", "content": question}])
`;
    const script = `import OpenAI from "openai";
const client = new OpenAI();
export const ask = (question: string) => client.chat.completions.create({ model: "gpt-5", "max_tokens": 500, messages: [{ role: "user", content: question }] });
`;
    // A temperature in the call: an error on the argument (no fix: leaving it out is the writer's choice).
    const withTemperature = python.replace('max_tokens=500', 'temperature=0');
    const [temperature] = (await analyzeSource({ fileName: 'app.py', text: withTemperature })).prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(withTemperature.slice(temperature.range!.start, temperature.range!.end), 'temperature');
    assert.equal(temperature.fix, undefined);
    for (const [fileName, text] of [['app.py', python], ['app.ts', script]]) {
      const [call] = (await analyzeSource({ fileName, text })).prompts;
      const [finding, ...more] = call.analysis.findings.filter((f) => f.rule === 'request-refused');
      assert.deepEqual(more, [], fileName);
      assert.equal(finding.severity, 'error');
      assert.equal(text.slice(finding.range!.start, finding.range!.end), 'max_tokens', fileName);
      const after = fixed(text, finding);
      assert.ok(after.includes('max_completion_tokens'), after);
      const again = (await analyzeSource({ fileName, text: after })).prompts[0].analysis;
      assert.deepEqual(again.findings.filter((f) => f.rule === 'request-refused'), [], fileName);
      assert.equal(again.request.parameters.max_completion_tokens, 500);
    }
  });

  it('a warning, said so, where the model is only the program\'s fallback (os.getenv("MODEL", "o3-mini"))', async () => {
    const text = `import os
from openai import OpenAI

client = OpenAI()


def ask(question: str):
    return client.chat.completions.create(model=os.getenv("MODEL", "o3-mini"), max_tokens=500, messages=[{"role": "user", "content": question}])
`;
    const [finding] = (await analyzeSource({ fileName: 'app.py', text })).prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /\(where the model is o3-mini, the program's default\)$/);
    assert.equal(text.slice(finding.range!.start, finding.range!.end), 'max_tokens');
  });

  it('not for a LangChain model: the library chooses the name it sends (LangChain.js sends max_completion_tokens to reasoning models)', async () => {
    const text = `from langchain_openai import ChatOpenAI

llm = ChatOpenAI(model="o3-mini", max_tokens=500, temperature=0)
llm.invoke("Hi")
`;
    const prompts = (await analyzeSource({ fileName: 'chain.py', text })).prompts;
    assert.equal(prompts.length, 1);
    assert.deepEqual(prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused'), []);
    // Nor for LiteLLM or the AI SDK, which translate or drop them for these models.
    const litellm = `import litellm\nlitellm.completion(model="o3-mini", max_tokens=500, temperature=0, messages=[{"role": "user", "content": "Hi"}])\n`;
    const aiSdk = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nawait generateText({ model: openai.chat("o3-mini"), temperature: 0, prompt: "Hi" });\n`;
    for (const [fileName, source] of [['call.py', litellm], ['call.ts', aiSdk]]) {
      const calls = (await analyzeSource({ fileName, text: source })).prompts;
      assert.equal(calls.length, 1, fileName);
      assert.deepEqual(calls[0].analysis.findings.filter((f) => f.rule === 'request-refused'), [], fileName);
    }
  });
});

describe('JSON mode without the word "json" in a message (request-refused)', () => {
  const jsonMode = (system: string, model = 'gpt-4o') =>
    JSON.stringify({ model, response_format: { type: 'json_object' }, messages: [{ role: 'system', content: system }, { role: 'user', content: 'List three fruits.' }] }, null, 2);

  it('is an error on response_format when no message says it; any case, any message, any word holding it passes', async () => {
    const text = jsonMode('Answer with an object of fruit names.');
    const [finding, ...more] = await refusedIn('request.json', text);
    assert.deepEqual(more, []);
    assert.equal(finding.severity, 'error');
    assert.match(text.slice(finding.range!.start, finding.range!.end), /^\{\s*"type": "json_object"\s*\}$/);
    assert.match(finding.message, /the API answers 400 \("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'\."\)/);
    // Its Quick Fix asks for JSON at the end of the system message.
    const after = fixed(text, finding);
    assert.equal(JSON.parse(after).messages[0].content, 'Answer with an object of fruit names.\n\nAnswer in JSON.');
    assert.deepEqual(await refusedIn('request.json', after), []);
    for (const system of ['Answer in JSON.', 'Reply with a Json object.', 'Return JSON-formatted output.', 'Use jsonl.']) {
      assert.deepEqual(await refusedIn('request.json', jsonMode(system)), [], system);
    }
    // A json_schema format needs no such word; nor does a model OpenAI does not serve.
    const schema = JSON.stringify({ model: 'gpt-4o', response_format: { type: 'json_schema', json_schema: { name: 'fruits', schema: { type: 'object' } } }, messages: [{ role: 'user', content: 'List three fruits.' }] });
    assert.deepEqual(await refusedIn('request.json', schema), []);
    assert.deepEqual(await refusedIn('request.json', jsonMode('Answer with an object.', 'llama-3.1-70b')), []);
  });

  it('in source code: the error without a fix (the system text may be built elsewhere); not where a message holds a value', async () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\nSYSTEM = "Answer with an object of fruit names."\nclient.chat.completions.create(model="gpt-4o", response_format={"type": "json_object"}, messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Three fruits."}])\n`;
    const [finding] = (await analyzeSource({ fileName: 'app.py', text })).prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(finding.severity, 'error');
    assert.equal(text.slice(finding.range!.start, finding.range!.end), '{"type": "json_object"}');
    assert.equal(finding.fix, undefined);
  });

  it('not where a message holds a value known only at run time, which may say it', async () => {
    const prompty = `---\nname: fruits\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n  parameters:\n    response_format:\n      type: json_object\n---\nsystem:\nAnswer with an object.\n\nuser:\n{{question}}\n`;
    assert.deepEqual(await refusedIn('fruits.prompty', prompty), []);
  });

  it('every recorded JSON-mode request that was answered says "json" in a message', () => {
    const jsonModePairs = loadCorpus().filter((p) => p.api === 'chat' && (p.request.response_format as { type?: string } | undefined)?.type === 'json_object');
    assert.ok(jsonModePairs.length >= 38, `${jsonModePairs.length} pairs`);
    assert.deepEqual(jsonModePairs.filter((p) => !/json/i.test(JSON.stringify(p.request.messages))).map((p) => p.file), []);
  });
});

describe('the Responses API: the Chat Completions names of the limit, temperature, JSON mode (request-refused)', () => {
  const responses = (model: string, more: Record<string, unknown>) =>
    JSON.stringify({ model, instructions: 'You are terse.', input: [{ role: 'user', content: 'Hi' }], ...more }, null, 2);

  it('max_tokens and max_completion_tokens are errors on the key for every model; the fix sends max_output_tokens', async () => {
    for (const [model, name] of [['gpt-4o', 'max_tokens'], ['gpt-4.1-mini', 'max_completion_tokens'], ['o3-mini', 'max_tokens'], ['gpt-5.4', 'max_completion_tokens']] as const) {
      const text = responses(model, { [name]: 300 });
      const [finding, ...more] = await refusedIn('request.json', text);
      assert.deepEqual(more, [], model);
      assert.equal(finding.severity, 'error');
      assert.equal(text.slice(finding.range!.start, finding.range!.end), name);
      assert.match(finding.message, new RegExp(`^The Responses API has no \`${name}\`: it answers 400 \\("Unsupported parameter: '${name}'\\. In the Responses API, this parameter has moved to 'max_output_tokens'\\."\\)`));
      const after = fixed(text, finding);
      assert.equal(JSON.parse(after).max_output_tokens, 300);
      assert.deepEqual(await refusedIn('request.json', after), [], model);
    }
    // Sent beside max_output_tokens: the error stays, with no rename (two limits would clash).
    const [beside] = await refusedIn('request.json', responses('gpt-4o', { max_tokens: 300, max_output_tokens: 300 }));
    assert.equal(beside.fix, undefined);
    assert.deepEqual(await refusedIn('request.json', responses('gpt-4o', { max_output_tokens: 300, max_tokens: null })), []);
  });

  it('a temperature other than 1 is an error for the models that take only the default; its fix leaves it out; later releases pass', async () => {
    const text = responses('o3-mini', { temperature: 0.2 });
    const [finding] = await refusedIn('request.json', text);
    assert.equal(text.slice(finding.range!.start, finding.range!.end), 'temperature');
    assert.match(finding.message, /^o3-mini takes no `temperature` on the Responses API: it answers 400 \("Unsupported parameter: 'temperature' is not supported with this model\."\)/);
    assert.ok(!('temperature' in JSON.parse(fixed(text, finding))));
    // Recorded gpt-5.1 and gpt-5.4-nano Responses requests at 0.7 and 0 were answered.
    for (const [model, temperature] of [['gpt-5.1', 0.7], ['gpt-5.4-nano', 0], ['gpt-4o', 0], ['o3-mini', 1]] as const) {
      assert.deepEqual(await refusedIn('request.json', responses(model, { temperature })), [], `${model} ${temperature}`);
    }
  });

  it('gpt-6 takes no temperature at all, on either API: an error whatever the value, its fix leaves it out', async () => {
    for (const [text, name] of [
      [responses('gpt-6-astra', { temperature: 1 }), 'responses'],
      [chat('gpt-6-luna', { temperature: 0.2 }), 'chat'],
    ] as const) {
      const [finding, ...more] = await refusedIn('request.json', text);
      assert.deepEqual(more, [], name);
      assert.equal(text.slice(finding.range!.start, finding.range!.end), 'temperature', name);
      assert.match(finding.message, /^gpt-6-\w+ takes no `temperature`: the API answers 400 \("Unsupported parameter: 'temperature' is not supported with this model\."\), whatever its value/);
      assert.ok(!('temperature' in JSON.parse(fixed(text, finding))), name);
    }
    const recorded = loadCorpus().filter((p) => p.model.startsWith('gpt-6'));
    assert.ok(recorded.length >= 41, `${recorded.length} recorded requests`);
    assert.deepEqual(recorded.filter((p) => p.request.temperature !== undefined).map((p) => p.file), []);
  });

  it('no recorded Responses request that was answered sends a Chat Completions name of the limit, or another temperature to such a model', () => {
    const answered = loadCorpus().filter((p) => p.api === 'responses');
    assert.ok(answered.length > 1000, `${answered.length} recorded requests`);
    assert.deepEqual(answered.filter((p) => ['max_tokens', 'max_completion_tokens'].some((name) => p.request[name] !== undefined && p.request[name] !== null)).map((p) => p.file), []);
    const defaultOnly = answered.filter((p) => /^(o\d|gpt-5(-mini|-nano)?(-\d{4}-\d{2}-\d{2})?$)/.test(p.model));
    assert.ok(defaultOnly.length > 100, `${defaultOnly.length} recorded requests`);
    assert.deepEqual(defaultOnly.filter((p) => typeof p.request.temperature === 'number' && p.request.temperature !== 1).map((p) => p.file), []);
  });

  it('JSON mode: an error where no input message says "json", a warning where only the instructions do; the fix asks at the end of the user message', async () => {
    const format = { text: { format: { type: 'json_object' } } };
    const text = responses('gpt-4o', format);
    const [finding, ...more] = await refusedIn('request.json', text);
    assert.deepEqual(more, []);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /the API answers 400 \("Response input messages must contain the word 'json' in some form to use 'text\.format' of type 'json_object'\."\)/);
    const after = fixed(text, finding);
    assert.equal(JSON.parse(after).input[0].content, 'Hi\n\nAnswer in JSON.');
    assert.deepEqual(await refusedIn('request.json', after), []);
    // A string input takes the line too.
    const plain = JSON.stringify({ model: 'gpt-4o', input: 'List three fruits.', ...format });
    const [inPlain] = await refusedIn('request.json', plain);
    assert.equal(JSON.parse(fixed(plain, inPlain)).input, 'List three fruits.\n\nAnswer in JSON.');
    // Only the instructions say it: a warning that says why.
    const [onlyInstructions] = await refusedIn('request.json', JSON.stringify({ model: 'gpt-4o', instructions: 'Answer in JSON.', input: 'List three fruits.', ...format }));
    assert.equal(onlyInstructions.severity, 'warning');
    assert.match(onlyInstructions.message, /only the instructions say it/);
    assert.deepEqual(await refusedIn('request.json', JSON.stringify({ model: 'gpt-4o', input: 'List three fruits as JSON.', ...format })), []);
  });

  it('every recorded Responses request in JSON mode that was answered says "json" in an input message', () => {
    const pairs = loadCorpus().filter((p) => p.api === 'responses' && ((p.request.text as { format?: { type?: string } } | undefined)?.format?.type === 'json_object'));
    assert.ok(pairs.length >= 6, `${pairs.length} pairs`);
    assert.deepEqual(pairs.filter((p) => !/json/i.test(JSON.stringify(p.request.input))).map((p) => p.file), []);
  });

  it('in source code: responses.create(max_tokens=...) is an error on the argument, renamed by the fix', async () => {
    const text = `from openai import OpenAI\nclient = OpenAI()\nclient.responses.create(model="gpt-4.1", max_tokens=200, input="Hi")\n`;
    const [finding] = (await analyzeSource({ fileName: 'app.py', text })).prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(text.slice(finding.range!.start, finding.range!.end), 'max_tokens');
    assert.match(finding.message, /in Python the openai SDK raises TypeError before sending it/);
    assert.ok(fixed(text, finding).includes('max_output_tokens=200'));
  });
});

describe('sampling parameters sent to a Claude model that takes none (request-refused)', () => {
  const messages = (model: string, more: Record<string, unknown>) =>
    JSON.stringify({ model, max_tokens: 512, ...more, system: 'You are terse.', messages: [{ role: 'user', content: 'Hi' }] }, null, 2);

  it('a temperature other than 1 is an error on the key for claude-opus-4-7, -4-8 and the Claude 5 models; its fix leaves it out', async () => {
    for (const [model, temperature] of [['claude-opus-4-7', 0], ['claude-opus-4-8', 0.7], ['claude-sonnet-5', 0.5], ['claude-opus-5', 0.2], ['claude-fable-5', 0], ['claude-sonnet-5-20260630', 0]] as const) {
      const text = messages(model, { temperature });
      const [finding, ...more] = await refusedIn('request.json', text);
      assert.deepEqual(more, [], model);
      assert.equal(finding.severity, 'error', model);
      assert.equal(text.slice(finding.range!.start, finding.range!.end), 'temperature', model);
      assert.match(finding.message, new RegExp(`^${model} takes only the default \`temperature\` \\(1\\): Anthropic answers 400 \\("\`temperature\` is deprecated for this model\\."\\)`));
      const after = fixed(text, finding);
      assert.deepEqual(Object.keys(JSON.parse(after)), ['model', 'max_tokens', 'system', 'messages'], model);
      assert.deepEqual(await refusedIn('request.json', after), [], model);
    }
    // The default is answered (a live probe of claude-opus-4-8).
    assert.deepEqual(await refusedIn('request.json', messages('claude-opus-4-8', { temperature: 1 })), []);
  });

  it('top_p below 0.99 and top_k of any value are errors, each on its key (the SDK documents 0.99 and more as accepted)', async () => {
    const text = messages('claude-opus-4-7', { top_p: 0.9, top_k: 0 });
    const found = await refusedIn('request.json', text);
    assert.deepEqual(found.map((f) => text.slice(f.range!.start, f.range!.end)), ['top_p', 'top_k']);
    assert.match(found[0].message, /^claude-opus-4-7 takes no `top_p` below 0\.99: Anthropic answers 400 \("`top_p` is deprecated for this model\."\)/);
    assert.match(found[1].message, /^claude-opus-4-7 takes no `top_k`: Anthropic answers 400 \("`top_k` is deprecated for this model\."\), whatever its value/);
    assert.ok(!('top_k' in JSON.parse(fixed(text, found[1]))));
    assert.deepEqual(await refusedIn('request.json', messages('claude-opus-5', { top_p: 0.99 })), []);
    assert.deepEqual(await refusedIn('request.json', messages('claude-opus-5', { top_p: 1 })), []);
  });

  it('not for the models that take them (claude-sonnet-4-6, claude-haiku-4-5, claude-opus-4-6), nor a null', async () => {
    for (const model of ['claude-sonnet-4-6', 'claude-haiku-4-5-20251001', 'claude-opus-4-6', 'claude-3-5-sonnet-20241022']) {
      assert.deepEqual(await refusedIn('request.json', messages(model, { temperature: 0, top_k: 5 })), [], model);
    }
    assert.deepEqual(await refusedIn('request.json', messages('claude-sonnet-5', { temperature: null, top_p: null })), []);
  });

  it('no recorded request of these models that was answered sends temperature, top_p or top_k', () => {
    const answered = loadCorpus().filter((p) => p.api === 'anthropic' && takesNoSampling(p.model));
    assert.ok(answered.length >= 130, `${answered.length} recorded requests`);
    assert.deepEqual(answered.filter((p) => ['temperature', 'top_p', 'top_k'].some((k) => p.request[k] !== undefined && p.request[k] !== null)).map((p) => p.file), []);
  });

  it('in source code: an error on the keyword argument of an anthropic SDK call', async () => {
    const text = `import anthropic\nclient = anthropic.Anthropic()\nclient.messages.create(model="claude-sonnet-5", max_tokens=256, temperature=0.2, messages=[{"role": "user", "content": "Hi"}])\n`;
    const [finding] = (await analyzeSource({ fileName: 'app.py', text })).prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(text.slice(finding.range!.start, finding.range!.end), 'temperature');
    assert.equal(finding.fix, undefined);
    const script = `import Anthropic from "@anthropic-ai/sdk";\nconst client = new Anthropic();\nawait client.messages.create({ model: "claude-opus-4-8", max_tokens: 256, top_p: 0.9, messages: [{ role: "user", content: "Hi" }] });\n`;
    const [inScript] = (await analyzeSource({ fileName: 'app.ts', text: script })).prompts[0].analysis.findings.filter((f) => f.rule === 'request-refused');
    assert.equal(script.slice(inScript.range!.start, inScript.range!.end), 'top_p');
  });
});

describe('isOpenAiReasoningModel', () => {
  it('the o-series and gpt-5 and later, without the ChatGPT models', () => {
    for (const model of ['o1', 'o1-preview', 'o3', 'o3-pro', 'o4-mini', 'gpt-5', 'gpt-5-nano', 'gpt-5.2', 'gpt-6']) assert.equal(isOpenAiReasoningModel(model), true, model);
    for (const model of ['gpt-4o', 'gpt-4.1', 'gpt-4.5-preview', 'gpt-5-chat-latest', 'gpt-5.1-chat-latest', 'omni-moderation-latest', 'claude-opus-4-1']) assert.equal(isOpenAiReasoningModel(model), false, model);
  });
});
