import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callAt } from '../../../src/extension/callAtCursor';
import { longText, promptsOf } from '../sources/helpers';

const SOURCE = `from openai import OpenAI
from helpers import build_messages

client = OpenAI()
POLICY = """${longText(3)}"""


def answer(history, question):
    msgs = build_messages(history, question)
    return client.chat.completions.create(model="gpt-4o-mini", messages=msgs)


def first(question):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "system", "content": POLICY}, {"role": "user", "content": question}])


def second(question):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": POLICY}, {"role": "user", "content": question}])


def joined(question):
    return client.chat.completions.create(model="gpt-4.1", messages=[{"role": "system", "content": "Team: support\\n" + POLICY}, {"role": "user", "content": question}])
`;

const at = (text: string, nth = 0) => {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = SOURCE.indexOf(text, offset + 1);
  assert.ok(offset >= 0, text);
  return offset;
};

describe('the LLM call under the cursor', () => {
  it('is the call whose expression holds the cursor', async () => {
    const prompts = await promptsOf('app.py', SOURCE);
    assert.equal(prompts.length, 4);
    assert.equal(callAt({ calls: prompts }, at('messages=msgs') + 3), prompts[0]);
    assert.equal(callAt({ calls: prompts }, at('model="gpt-4o"') + 3), prompts[2]);
  });

  it('is the call whose argument is built where the cursor is (msgs = build_messages(...) above create(messages=msgs))', async () => {
    const prompts = await promptsOf('app.py', SOURCE);
    // The joined system text of the last call spans from POLICY to the call, this line included: it does not count.
    const line = at('build_messages(history') + 3;
    const joinedSystem = prompts[3].analysis.request.messages[0].parts[0];
    assert.ok(joinedSystem.type === 'text' && joinedSystem.piece.range && joinedSystem.piece.range.start < line && joinedSystem.piece.range.end > line);
    assert.equal(callAt({ calls: prompts }, line), prompts[0]);
  });

  it('is none in text several calls share, and none outside every call and prompt', async () => {
    const prompts = await promptsOf('app.py', SOURCE);
    assert.equal(callAt({ calls: prompts }, at('Rule 2 of the policy')), undefined);
    assert.equal(callAt({ calls: prompts }, at('def answer')), undefined);
  });
});
