import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { boundaryLabel, sizeSummary, statusLabel } from '../../../src/core/labels';
import { analysisToJson, analysisToText } from '../../../src/core/report';
import { boundaryHoverMarkdown } from '../../../src/extension/hoverMarkdown';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';
import { chatBody } from '../../../src/runner/requestBodies';
import { defaultRow, substituteRequest } from '../../../src/runner/template';
import { longText, messageTexts, onlyPrompt } from './helpers';

const POLICY = longText(60);

const PY_HEAD = `from openai import OpenAI

client = OpenAI()

POLICY = """${POLICY}"""
`;

const TS_HEAD = `import OpenAI from "openai";
const openai = new OpenAI();
const POLICY = \`${POLICY}\`;
`;

const LOOP_APPEND = `${PY_HEAD}
def answer(question, history):
    messages = [{"role": "system", "content": POLICY}]
    for h in history:
        messages.append({"role": "user", "content": h})
    messages.append({"role": "user", "content": question})
    return client.chat.completions.create(model="gpt-4o", messages=messages)
`;

const PLAIN_APPEND = `${PY_HEAD}
def answer(question):
    messages = [{"role": "system", "content": POLICY}]
    messages.append({"role": "user", "content": question})
    return client.chat.completions.create(model="gpt-4o", messages=messages)
`;

const TS_PUSH = `${TS_HEAD}
export async function chat(question: string, history: string[]) {
  const messages = [{ role: "system", content: POLICY }];
  for (const turn of history) {
    messages.push({ role: "user", content: turn });
  }
  messages.push({ role: "user", content: question });
  return openai.chat.completions.create({ model: "gpt-4o", messages });
}
`;

const APPEND_TO_PARAMETER = `${PY_HEAD}
def answer(messages, question):
    messages.append({"role": "user", "content": question})
    return client.chat.completions.create(model="gpt-4o", messages=messages)
`;

const APPEND_TO_MODULE_LIST = `${PY_HEAD}
BASE = [{"role": "system", "content": POLICY}]

def answer(question):
    BASE.append({"role": "user", "content": question})
    return client.chat.completions.create(model="gpt-4o", messages=BASE)
`;

describe('messages added with .append / .push', () => {
  it('appended to a parameter: the appended message counted, the parameter\'s messages not invented', async () => {
    const prompt = await onlyPrompt('bot.py', APPEND_TO_PARAMETER);
    assert.deepEqual(messageTexts(prompt), ['question']);
    assert.match(prompt.analysis.estimateReason ?? '', /`messages` adds messages known only at run time \(not counted\)/);
  });

  it('appended in a function to a module-level list: the list\'s own messages come first', async () => {
    const prompt = await onlyPrompt('bot.py', APPEND_TO_MODULE_LIST);
    assert.deepEqual(messageTexts(prompt), [POLICY, 'question']);
  });

  it('counts the appended messages, their contents as run-time values', async () => {
    const prompt = await onlyPrompt('bot.py', PLAIN_APPEND);
    const { analysis } = prompt;
    assert.deepEqual(messageTexts(prompt), [POLICY, 'question']);
    assert.deepEqual(analysis.segments.map((s) => s.label), ['system', 'user', 'reply priming']);
    assert.equal(analysis.firstDynamic?.offset, PLAIN_APPEND.lastIndexOf('question})'));
    assert.equal(analysis.estimate, true);
  });

  it('in a loop: counted once, an estimate that says why, never "nothing changes"', async () => {
    const { analysis } = await onlyPrompt('bot.py', LOOP_APPEND);
    assert.deepEqual(analysis.segments.map((s) => s.label), ['system', 'user #1', 'user #2', 'reply priming']);
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /`messages` is added to in a loop \(`for h in history`\): what it adds is counted once/);
    assert.ok(analysis.firstDynamic, 'a prompt with run-time messages has a first dynamic part');
    assert.equal(analysis.firstDynamic.offset, LOOP_APPEND.indexOf('h})'));
    const text = analysisToText(analysis);
    assert.doesNotMatch(text, /nothing in the prompt changes/);
    assert.match(text, /added to in a loop/);
  });

  it('a conversation added in a loop is history, not a cache breaker: no finding on its turns; a value also used before it keeps its own', async () => {
    const { analysis } = await onlyPrompt('bot.py', LOOP_APPEND);
    const breakers = (a: typeof analysis) => a.findings.filter((f) => f.rule !== 'prefix-below-minimum').map((f) => f.rule);
    assert.deepEqual(breakers(analysis), []);
    assert.deepEqual(breakers((await onlyPrompt('bot.ts', TS_PUSH)).analysis), []);
    const shared = `${PY_HEAD}
def answer(history, name):
    messages = [{"role": "system", "content": f"You help {name}. " + POLICY}]
    for h in history:
        messages.append({"role": "assistant", "content": name})
        messages.append({"role": "user", "content": h})
    return client.chat.completions.create(model="gpt-4o", messages=messages)
`;
    const { analysis: named } = await onlyPrompt('bot.py', shared);
    const rules = named.findings.map((f) => `${f.rule} ${shared.slice(f.range?.start ?? 0, f.range?.end ?? 0)}`);
    assert.ok(rules.includes('variable-in-system {name}'), rules.join('; '));
    assert.ok(!rules.some((r) => r.endsWith(' h')), rules.join('; '));
  });

  it('TypeScript: .push in a for-of loop is counted the same way', async () => {
    const { analysis } = await onlyPrompt('bot.ts', TS_PUSH);
    assert.deepEqual(analysis.segments.map((s) => s.label), ['system', 'user #1', 'user #2', 'reply priming']);
    assert.match(analysis.estimateReason ?? '', /`messages` is added to in a loop \(`for \(const turn of history\)`\)/);
    assert.notEqual(analysis.firstDynamic, null);
  });
});

const PY_SPREAD = `${PY_HEAD}
BASE = [{"role": "system", "content": POLICY}]

def star(question):
    return client.chat.completions.create(model="gpt-4o", messages=[*BASE, {"role": "user", "content": question}])
`;

const PY_PLUS = PY_SPREAD.replace('[*BASE, {"role": "user", "content": question}]', 'BASE + [{"role": "user", "content": question}]');

const TS_SPREAD = `${TS_HEAD}
const baseMessages = [{ role: "system" as const, content: POLICY }];
export async function chat(question: string) {
  return openai.chat.completions.create({ model: "gpt-4o", messages: [...baseMessages, { role: "user", content: question }] });
}
`;

const PY_UNKNOWN_SPREAD = `${PY_HEAD}
def chat(question, history):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": POLICY}, *history, {"role": "user", "content": question}])
`;

describe('spreads in a message list', () => {
  it('Python *BASE of a constant list reads as BASE + [...] does', async () => {
    const star = (await onlyPrompt('bot.py', PY_SPREAD)).analysis;
    const plus = (await onlyPrompt('bot.py', PY_PLUS)).analysis;
    assert.equal(star.promptTokens, plus.promptTokens);
    assert.deepEqual(star.segments.map((s) => s.label), ['system', 'user', 'reply priming']);
    assert.deepEqual(star.findings.map((f) => f.rule), []);
    assert.ok(star.cacheableTokens >= 1024);
  });

  it('TypeScript ...baseMessages: the system prompt counted, no invented variable', async () => {
    const { analysis } = await onlyPrompt('bot.ts', TS_SPREAD);
    const tokenizer = await loadTokenizer('o200k_base');
    assert.ok(analysis.promptTokens > tokenizer.count(POLICY));
    assert.deepEqual(analysis.findings.map((f) => f.rule), []);
    assert.deepEqual(analysis.request.variables.map((v) => v.name), ['question']);
  });

  it('the body a dashboard run sends holds the real system message', async () => {
    const { analysis } = await onlyPrompt('bot.ts', TS_SPREAD);
    const filled = substituteRequest(analysis.request, defaultRow(analysis.request));
    const body = chatBody(filled, { model: 'gpt-4o', maxOutputTokens: 16, maxTokensField: 'max_completion_tokens', sourceText: TS_SPREAD }) as {
      messages: { role: string; content: string }[];
    };
    assert.deepEqual(body.messages.map((m) => m.role), ['system', 'user']);
    assert.equal(body.messages[0].content, POLICY);
    assert.doesNotMatch(JSON.stringify(body), /baseMessages/);
  });

  it('a spread of an unknown list invents no message: an estimate that says so', async () => {
    const { analysis } = await onlyPrompt('bot.py', PY_UNKNOWN_SPREAD);
    assert.deepEqual(analysis.segments.map((s) => s.label), ['system', 'user', 'reply priming']);
    assert.equal(analysis.estimate, true);
    assert.match(analysis.estimateReason ?? '', /`\*history` adds messages known only at run time \(not counted\)/);
    assert.deepEqual(analysis.request.variables.map((v) => v.name), ['question']);
  });
});

const HELPER = `${PY_HEAD}
SYSTEM_TEMPLATE = "You are the helper for {team}.\\n\\n{policy}"


def build_messages(history, question, user_name, team="support"):
    messages = [{"role": "system", "content": SYSTEM_TEMPLATE.format(team=team, policy=POLICY)}]
    for turn in history:
        messages.append({"role": "user", "content": turn["q"]})
        messages.append({"role": "assistant", "content": turn["a"]})
    messages.append({"role": "user", "content": f"{user_name} asks: {question}"})
    return messages


def answer(history, question, user_name):
    msgs = build_messages(history, question, user_name, team="sales")
    return client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
`;

const HELPER_TS = `${TS_HEAD}
const build = (system: string, question: string) => [
  { role: "system", content: system },
  { role: "user", content: question },
];
export async function chat(question: string) {
  return openai.chat.completions.create({ model: "gpt-4o", messages: build(POLICY, question) });
}
`;

const UNFOLLOWED = `${PY_HEAD}
from .prompts import build_messages

def answer(question):
    msgs = build_messages(question)
    return client.chat.completions.create(model="gpt-4o-mini", messages=msgs)
`;

describe('messages built by a function of the same file', () => {
  it('follows the function with the call\'s arguments bound', async () => {
    const prompt = await onlyPrompt('bot.py', HELPER);
    const { analysis } = prompt;
    assert.deepEqual(analysis.segments.map((s) => s.label), ['system', 'user #1', 'assistant', 'user #2', 'reply priming']);
    assert.equal(messageTexts(prompt)[0], `You are the helper for sales.\n\n${POLICY}`);
    assert.equal(messageTexts(prompt)[3], '{user_name} asks: {question}');
    assert.ok(analysis.cacheableTokens >= 1024);
    assert.ok(!analysis.findings.some((f) => f.rule === 'prefix-below-minimum'));
    assert.match(analysis.estimateReason ?? '', /added to in a loop \(`for turn in history`\)/);
  });

  it('TypeScript: an arrow function returning the list', async () => {
    const prompt = await onlyPrompt('bot.ts', HELPER_TS);
    assert.deepEqual(messageTexts(prompt), [POLICY, 'question']);
    assert.ok(prompt.analysis.cacheableTokens >= 1024);
  });

  it('a function it cannot follow: size unknown, no minimum finding, no cost', async () => {
    const { analysis } = await onlyPrompt('bot.py', UNFOLLOWED);
    assert.equal(analysis.request.messages.length, 0);
    assert.equal(analysis.sizeUnknown, 'messages built by `build_messages`, known only at run time');
    assert.equal(analysis.estimate, true);
    assert.ok(!analysis.findings.some((f) => f.rule === 'prefix-below-minimum'), JSON.stringify(analysis.findings.map((f) => f.rule)));
    assert.equal(analysis.cost, null);
    const text = analysisToText(analysis);
    assert.match(text, /Prompt {10}size unknown \(messages built by `build_messages`, known only at run time\)/);
    assert.match(text, /unknown: the prompt's size is unknown/);
    assert.match(statusLabel(analysis), /^size unknown · 0 cacheable · gpt-4o-mini \(est\.\)$/);
  });

  it('a call that gives no messages, its fields from `**kwargs` or a request object: size unknown, no minimum finding, no cost', async () => {
    const wrapped = [
      ['wrap.py', `${PY_HEAD}\ndef create(**kwargs):\n    return client.chat.completions.create(model="gpt-4o-mini", **kwargs)\n`, 'the messages come from a spread (`**kwargs`, `...options`) the source does not tell'],
      ['wrap.ts', `${TS_HEAD}\nexport const create = (options: object) => openai.chat.completions.create({ ...options, model: "gpt-4o-mini" });\n`, 'the messages come from a spread (`**kwargs`, `...options`) the source does not tell'],
      ['whole.ts', `${TS_HEAD}\nexport const create = (params: any) => openai.chat.completions.create(params);\n`, 'the request is `params`, known only at run time'],
    ];
    for (const [file, source, why] of wrapped) {
      const { analysis } = await onlyPrompt(file, source);
      assert.equal(analysis.sizeUnknown, why, file);
      assert.ok(!analysis.findings.some((f) => f.rule === 'prefix-below-minimum'), file);
      assert.equal(analysis.cost, null, file);
    }
    // Messages given next to the spread are counted as before.
    const given = await onlyPrompt('given.py', `${PY_HEAD}\ndef create(**kwargs):\n    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": POLICY}], **kwargs)\n`);
    assert.equal(given.analysis.sizeUnknown, undefined);
    assert.ok(given.analysis.cacheableTokens >= 1024);
  });

  it('no view gives a minimum shortfall or "nothing changes" verdict: it says the messages come at run time', async () => {
    const { analysis } = await onlyPrompt('bot.py', UNFOLLOWED);
    const text = analysisToText(analysis);
    const hover = boundaryHoverMarkdown(analysis);
    const json = JSON.stringify(analysisToJson(analysis));
    for (const view of [text, hover, json, sizeSummary(analysis, { withStatic: true }), boundaryLabel(analysis)]) {
      assert.doesNotMatch(view, /short of the|nothing in (the|this) prompt changes/i, view);
    }
    assert.match(text, /Cache {11}unknown: messages built by `build_messages`, known only at run time \(3 static tokens counted without them\)/);
    assert.match(text, /Cache stops at {2}unknown: messages built by `build_messages`, known only at run time/);
    assert.match(hover, /Where the cache stops is unknown: messages built by `build_messages`, known only at run time; 3 tokens counted without them\./);
    assert.equal(sizeSummary(analysis, { withStatic: true }), 'size unknown: messages built by `build_messages`, known only at run time; 3 tokens counted without them');
  });

  it('the JSON report gives no distance to the minimum or the next step: a script reading it sees null, not a figure', async () => {
    const { analysis } = await onlyPrompt('bot.py', UNFOLLOWED);
    const json = analysisToJson(analysis);
    assert.equal(json.sizeUnknown, 'messages built by `build_messages`, known only at run time');
    assert.equal(json.missingToMinimum, null);
    assert.equal(json.toNextStep, null);
  });
});

const UNKNOWN_RESULT = `from datetime import datetime
${PY_HEAD}
def stamp():
    return datetime.now().isoformat()

def answer(question):
    return client.chat.completions.create(model="gpt-4o", messages=[
        {"role": "system", "content": POLICY},
        {"role": "user", "content": stamp()},
    ])
`;

describe('a function of the file whose result is unknown', () => {
  it('stays the call as written, where the editor marks it', async () => {
    const { analysis } = await onlyPrompt('bot.py', UNKNOWN_RESULT);
    assert.equal(analysis.firstDynamic?.offset, UNKNOWN_RESULT.indexOf('stamp()},'));
  });
});
