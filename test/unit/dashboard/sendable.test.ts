import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../../../src/core/sources/analyzeSource';
import { unsendableReason } from '../../../src/extension/dashboard/sendable';

const source = (messages: string) => `from openai import OpenAI
from .prompts import build_messages

client = OpenAI()

def answer(question):
    return client.chat.completions.create(model="gpt-4o-mini", messages=${messages})
`;

async function analysisOf(text: string) {
  const result = await analyzeSource({ fileName: '/virtual/app/bot.py', text, readFile: () => undefined });
  return result.prompts[0].analysis;
}

describe('dashboard: a call whose messages are built out of sight is not sent', () => {
  it('refuses with what builds the messages', async () => {
    const reason = unsendableReason(await analysisOf(source('build_messages(question)')));
    assert.equal(reason, 'Not sent: what this call sends is not known from the file (messages built by `build_messages`, known only at run time).');
  });

  it('sends a call whose messages are written in the file', async () => {
    assert.equal(unsendableReason(await analysisOf(source('[{"role": "user", "content": question}]'))), undefined);
  });
});
