import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runJob } from '../../src/core/analysisJobs';
import { attach, fromPayload, type AnalysisPayload, type SourcePayload } from '../../src/core/analysisTransfer';

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

/** Runs a prompt-file job as the analysis worker does and takes the reply apart as the host does. */
async function analyzeJob(fileName: string, text: string) {
  const { reply } = await runJob({ type: 'analyze', id: 1, input: { fileName, text } });
  assert.equal(reply.type, 'analysis', JSON.stringify(reply));
  if (reply.type !== 'analysis') throw new Error('unreachable');
  return fromPayload((await attach(reply.payload, async () => {})) as AnalysisPayload);
}

/** A 2x2 PNG: its header gives the size the image is counted by. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAEUlEQVR42mNk+M9QzwAEjDAGACCDAv8cI7IoAAAAAElFTkSuQmCC';

describe('the worker on requests that send images, documents and audio', () => {
  it('an image that ends the user message: an analysis with the image counted and the editor view drawn', async () => {
    const text = JSON.stringify(
      { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is in this picture?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}` } }] }] },
      null,
      2,
    );
    const { analysis, view } = await analyzeJob('vision.json', text);
    // 85 base tokens and 170 per 512-px tile for gpt-4o's high detail.
    assert.ok(analysis.promptTokens > 255, `${analysis.promptTokens} tokens`);
    assert.ok(view, 'the worker sends what the editor draws');
    // The image's tokens have no text of their own: no tinted range runs past the file.
    for (const range of [...view.cacheable, ...view.staticUncached, ...view.dynamic]) assert.ok(range.end <= text.length);
  });

  it('an image given by URL before the question, a PDF document and an audio clip each get an analysis', async () => {
    const wav = Buffer.alloc(44);
    wav.write('RIFF', 0, 'latin1');
    wav.write('WAVEfmt ', 8, 'latin1');
    wav.writeUInt32LE(16, 16);
    wav.writeUInt16LE(1, 20);
    wav.writeUInt16LE(1, 22);
    wav.writeUInt32LE(8000, 24);
    wav.writeUInt32LE(16000, 28);
    wav.writeUInt16LE(2, 32);
    wav.writeUInt16LE(16, 34);
    wav.write('data', 36, 'latin1');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Page >>\nendobj\n', 'latin1').toString('base64');
    const requests = {
      'url.json': { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }, { type: 'text', text: 'Which animal?' }] }] },
      'pdf.json': { model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf } }] }] },
      'audio.json': { model: 'gpt-4o-audio-preview', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: wav.toString('base64'), format: 'wav' } }] }] },
    };
    for (const [name, request] of Object.entries(requests)) {
      const { analysis, view } = await analyzeJob(name, JSON.stringify(request));
      assert.ok(analysis.promptTokens > 0 && view, name);
    }
  });
});
