import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runJob } from '../../src/core/analysisJobs';
import { attach, type SourcePayload } from '../../src/core/analysisTransfer';

/** Runs a source job as the analysis worker does, with files read from disk. */
async function sourceJob(fileName: string, text: string): Promise<SourcePayload> {
  const { reply } = await runJob({ type: 'source', id: 1, input: { fileName, text } });
  assert.equal(reply.type, 'source', JSON.stringify(reply));
  if (reply.type !== 'source') throw new Error('unreachable');
  return (await attach(reply.payload, async () => {})) as SourcePayload;
}

const bot = (path: string) => `from openai import OpenAI
client = OpenAI()
SYSTEM = open(${JSON.stringify(path)}).read()
def ask(q):
    return client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": q}])
`;

describe('the worker reading the files a source file reads', () => {
  it('reads a prompt file from disk and says it read it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-jobs-'));
    writeFileSync(join(dir, 'system.txt'), 'You are the support desk. Answer briefly.');
    const payload = await sourceJob(join(dir, 'bot.py'), bot(join(dir, 'system.txt')));
    assert.equal(payload.prompts.length, 1);
    assert.deepEqual(payload.readFiles, [join(dir, 'system.txt')]);
    assert.deepEqual(payload.missingFiles, []);
  });

  it('says which file it looked for and did not find, so the editor can count again when it appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-jobs-'));
    const payload = await sourceJob(join(dir, 'bot.py'), bot(join(dir, 'system.txt')));
    assert.deepEqual(payload.readFiles, []);
    assert.deepEqual(payload.missingFiles, [join(dir, 'system.txt')]);
  });

  it('never reads a device or a folder: open("/dev/zero").read() stays an unknown value, and the job ends', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-jobs-'));
    for (const path of ['/dev/zero', dir]) {
      const payload = await sourceJob(join(dir, 'bot.py'), bot(path));
      assert.equal(payload.prompts.length, 1);
      assert.deepEqual(payload.readFiles, []);
      assert.deepEqual(payload.missingFiles, [path]);
    }
  });
});
