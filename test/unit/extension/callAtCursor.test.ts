import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callAt, firstCallNote } from '../../../src/extension/callAtCursor';
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

const FOLLOWED = `from openai import OpenAI

client = OpenAI()
POLICY = """${longText(3)}"""
TEMPLATE = "You help {team}.\\n\\n{policy}"


def build_messages(history, question):
    messages = [{"role": "system", "content": TEMPLATE.format(team="support", policy=POLICY)}]
    for turn in history:
        messages.append({"role": "user", "content": turn})
    messages.append({"role": "user", "content": f"asks: {question}"})
    return messages


def answer(history, question):
    msgs = build_messages(history, question)
    return client.chat.completions.create(model="gpt-4o-mini", messages=msgs)


def other(question):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": POLICY}, {"role": "user", "content": question}])
`;

describe('the LLM call under the cursor, messages built by a function of the same file', () => {
  const offsetOf = (text: string) => {
    const offset = FOLLOWED.indexOf(text);
    assert.ok(offset >= 0, text);
    return offset;
  };

  it('is the call on the line that builds its messages, and in the function it follows', async () => {
    const prompts = await promptsOf('app.py', FOLLOWED);
    assert.equal(prompts.length, 2);
    assert.equal(prompts[0].analysis.sizeUnknown, undefined, 'the function is followed: the size is known');
    // `msgs = build_messages(...)`: on the name, and on the helper's name.
    assert.equal(callAt({ calls: prompts }, offsetOf('msgs = build_messages') + 2), prompts[0]);
    assert.equal(callAt({ calls: prompts }, offsetOf('build_messages(history, question)') + 5), prompts[0]);
    // Inside `build_messages`: the first assignment and an append, where no text of the prompt is written verbatim.
    assert.equal(callAt({ calls: prompts }, offsetOf('messages = [{') + 5), prompts[0]);
    assert.equal(callAt({ calls: prompts }, offsetOf('messages.append({"role": "user", "content": f"asks') + 5), prompts[0]);
  });

  it('is none where only the other call is not built, and none for a helper two calls share', async () => {
    const prompts = await promptsOf('app.py', FOLLOWED);
    assert.equal(callAt({ calls: prompts }, offsetOf('def other')), undefined);
    const shared = `${FOLLOWED}

def again(history, question):
    return client.chat.completions.create(model="gpt-4.1", messages=build_messages(history, question))
`;
    const both = await promptsOf('app.py', shared);
    assert.equal(both.length, 3);
    assert.equal(callAt({ calls: both }, shared.indexOf('messages = [{') + 5), undefined);
  });
});

describe('a command that took the first call, none being under the cursor', () => {
  it('says which call it took and how to choose another', () => {
    assert.equal(
      firstCallNote({ line: 67, of: 5, first: true }, 'the report is of'),
      'No LLM call under the cursor: the report is of call 1 of 5 (line 67). Put the cursor in another call, or where its messages are built, to choose it.',
    );
  });

  it('says nothing for a call under the cursor, or the only call', () => {
    assert.equal(firstCallNote({ line: 67, of: 5 }, 'the report is of'), undefined);
    assert.equal(firstCallNote({ line: 9, of: 1, first: true }, 'the report is of'), undefined);
  });
});
