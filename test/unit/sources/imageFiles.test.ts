import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { analyzePrompt } from '../../../src/core/analyze';
import type { FormatId } from '../../../src/core/model';
import { analyzeSource, type SourcePrompt } from '../../../src/core/sources/analyzeSource';
import { MAX_BYTES_READ } from '../../../src/core/sources/promptFiles';
import { readSourceBytes, readSourceFile, unreadableReason } from '../../../src/core/sourceFileReads';
import { countingBody } from '../../../src/runner/providerCount';
import { imageUrlOf } from '../../../src/runner/requestBodies';

/** A valid PNG of `width` × `height` white pixels (CRCs left zero: only the header is read for a size). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height, 0xff);
  for (let y = 0; y < height; y++) rows[y * (width * 3 + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

const CHART = png(1200, 800);
const DATA_URL = `data:image/png;base64,${CHART.toString('base64')}`;
const HUGE = Buffer.concat([png(64, 64), Buffer.alloc(MAX_BYTES_READ)]);
let dir = '';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'pcl-images-'));
  mkdirSync(join(dir, 'images'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'images', 'chart.png'), CHART);
  // Over the bytes read for an image: a PNG, then padding; the same PNG small; a large file that is no image.
  writeFileSync(join(dir, 'images', 'huge.png'), HUGE);
  writeFileSync(join(dir, 'images', 'small.png'), png(64, 64));
  writeFileSync(join(dir, 'images', 'blob.bin'), Buffer.alloc(MAX_BYTES_READ + 10, 0x41));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function promptOf(name: string, text: string): Promise<SourcePrompt & { readFiles: string[] }> {
  const fileName = join(dir, name);
  writeFileSync(fileName, text);
  const result = await analyzeSource({ fileName, text, readFile: readSourceFile, readBytes: readSourceBytes, whyUnreadable: unreadableReason });
  assert.equal(result.prompts.length, 1, 'one LLM call');
  return { ...result.prompts[0], readFiles: result.readFiles };
}

/** The count of the same request written as JSON, the image inline. */
async function jsonCount(body: unknown, format: FormatId): Promise<number> {
  return (await analyzePrompt({ fileName: 'request.json', text: JSON.stringify(body), format })).promptTokens;
}

function imagePart(prompt: SourcePrompt) {
  const image = prompt.analysis.request.messages.flatMap((m) => m.parts).find((p) => p.type === 'image');
  assert.ok(image && image.type === 'image', 'an image part');
  return image;
}

const chatBody = {
  model: 'gpt-4o',
  messages: [
    { role: 'system', content: 'You describe charts.' },
    { role: 'user', content: [{ type: 'text', text: 'What is in this image?' }, { type: 'image_url', image_url: { url: DATA_URL } }] },
  ],
};

describe('an image the program reads from disk and sends inline', () => {
  it('Python: the OpenAI guide\'s encode_image (with open(path, "rb") as f: base64 of f.read()) counts the image at its size, as the request JSON does', async () => {
    const prompt = await promptOf(
      'vision.py',
      `import base64
from pathlib import Path
from openai import OpenAI

client = OpenAI()
HERE = Path(__file__).parent

def encode_image(image_path):
    with open(image_path, "rb") as image_file:
        return base64.b64encode(image_file.read()).decode("utf-8")

base64_image = encode_image(HERE / "images" / "chart.png")

response = client.chat.completions.create(
    model="gpt-4o",
    messages=[
        {"role": "system", "content": "You describe charts."},
        {"role": "user", "content": [
            {"type": "text", "text": "What is in this image?"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{base64_image}"}},
        ]},
    ],
)
`,
    );
    const image = imagePart(prompt);
    assert.deepEqual([image.width, image.height], [1200, 800]);
    assert.equal(prompt.analysis.promptTokens, await jsonCount(chatBody, 'openai-chat'));
    // 1200×800 at `auto` detail: six 512-px tiles, 85 + 6 × 170.
    assert.ok(prompt.analysis.promptTokens > 1105, String(prompt.analysis.promptTokens));
    assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
    assert.deepEqual(prompt.readFiles, [join(dir, 'images', 'chart.png')]);
    // A test run and "Count Exactly with the Provider" send the image itself, not the shortened URL shown.
    const body = countingBody(prompt.analysis.request, { kind: 'simulator', baseURL: 'http://127.0.0.1:1/v1' }, 'gpt-4o') as { input: Array<{ content: Array<{ type: string; image_url?: string }> }> };
    const sent = body.input.flatMap((item) => item.content ?? []).find((part) => part.type === 'input_image');
    assert.equal(sent?.image_url, DATA_URL);
    // The editor is not handed the megabytes of base64: the part names the file a run reads again.
    assert.equal(image.data, undefined);
    assert.deepEqual(image.file, { path: join(dir, 'images', 'chart.png'), prefix: 'data:image/png;base64,' });
  });

  it('Python: a path relative to the working directory is found from the source file\'s folder up, and the estimate says which file was read', async () => {
    const prompt = await promptOf(
      'app/bot.py',
      `import base64
from pathlib import Path
from openai import OpenAI
client = OpenAI()
data = base64.standard_b64encode(Path("images/chart.png").read_bytes()).decode()
client.chat.completions.create(model="gpt-4o", messages=[
    {"role": "system", "content": "You describe charts."},
    {"role": "user", "content": [{"type": "text", "text": "What is in this image?"}, {"type": "image_url", "image_url": {"url": "data:image/png;base64," + data}}]},
])
`,
    );
    assert.equal(prompt.analysis.promptTokens, await jsonCount(chatBody, 'openai-chat'));
    assert.equal(prompt.analysis.estimate, true);
    assert.match(prompt.analysis.estimateReason ?? '', /the file `images\/chart\.png` is read relative to the working directory, known only at run time: counted from \.\.\/images\/chart\.png/);
  });

  it('Python: Claude\'s base64 image source (the Anthropic guide\'s standard_b64encode of the bytes) is counted at its size', async () => {
    const prompt = await promptOf(
      'claude.py',
      `import base64, os
import anthropic
client = anthropic.Anthropic()
with open(os.path.join(os.path.dirname(__file__), "images", "chart.png"), "rb") as f:
    image_data = base64.standard_b64encode(f.read()).decode("utf-8")
client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": [
    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": image_data}},
    {"type": "text", "text": "Describe this image."},
]}])
`,
    );
    const image = imagePart(prompt);
    assert.deepEqual([image.width, image.height], [1200, 800]);
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: CHART.toString('base64') } }, { type: 'text', text: 'Describe this image.' }] }],
    };
    assert.equal(prompt.analysis.promptTokens, await jsonCount(body, 'anthropic-messages'));
    const counted = countingBody(prompt.analysis.request, { kind: 'anthropic', apiKey: 'k', baseURL: 'http://127.0.0.1:1' }, 'claude-sonnet-4-5') as { messages: Array<{ content: Array<{ type: string; source?: unknown }> }> };
    assert.deepEqual(counted.messages[0].content.find((b) => b.type === 'image')?.source, { type: 'base64', media_type: 'image/png', data: CHART.toString('base64') });
  });

  it('TypeScript: readFileSync(...).toString("base64") and readFileSync(..., { encoding: "base64" }) in a data URL', async () => {
    for (const read of ['readFileSync(path.join(__dirname, "images", "chart.png")).toString("base64")', 'readFileSync(path.join(__dirname, "images/chart.png"), { encoding: "base64" })', 'Buffer.from(await readFile(path.join(__dirname, "images/chart.png"))).toString("base64")']) {
      const prompt = await promptOf(
        'vision.ts',
        `import OpenAI from "openai";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
const client = new OpenAI();
const image = ${read};
await client.chat.completions.create({ model: "gpt-4o", messages: [
  { role: "system", content: "You describe charts." },
  { role: "user", content: [{ type: "text", text: "What is in this image?" }, { type: "image_url", image_url: { url: \`data:image/png;base64,\${image}\` } }] },
] });
`,
      );
      assert.deepEqual([imagePart(prompt).width, imagePart(prompt).height], [1200, 800], read);
      assert.equal(prompt.analysis.promptTokens, await jsonCount(chatBody, 'openai-chat'), read);
      assert.equal(prompt.analysis.estimate, false, prompt.analysis.estimateReason);
    }
  });

  it('AI SDK: an image part holding the Buffer readFileSync gives is counted at the image\'s size', async () => {
    const prompt = await promptOf(
      'sdk.ts',
      `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import fs from "node:fs";
import path from "node:path";
await generateText({ model: openai("gpt-4o"), messages: [{ role: "user", content: [
  { type: "text", text: "Describe the image in detail." },
  { type: "image", image: fs.readFileSync(path.join(__dirname, "images", "chart.png")) },
] }] });
`,
    );
    const image = imagePart(prompt);
    assert.deepEqual([image.width, image.height], [1200, 800]);
    assert.match(image.source, /images\/chart\.png/);
    // The AI SDK sends the Buffer as base64 of its detected type: so does a test run, reading the file again.
    assert.deepEqual(image.file, { path: join(dir, 'images', 'chart.png'), prefix: 'data:image/png;base64,' });
    assert.equal(imageUrlOf(image), DATA_URL);
    assert.doesNotMatch(prompt.analysis.estimateReason ?? '', /image size unknown/);
  });

  it('an image over the bytes read is sized from its first bytes and sent whole; a large file that is no image, or none, says why', async () => {
    const call = (file: string, asText = false) => `import base64
from openai import OpenAI
client = OpenAI()
def encode(path):
    with open(path, "rb") as f:
        return base64.b64encode(f.read()).decode()
client.responses.create(model="gpt-4.1", input=[{"role": "user", "content": [
    ${asText ? `{"type": "input_text", "text": encode('${file}')},` : `{"type": "input_image", "image_url": f"data:image/png;base64,{encode('${file}')}"},`}
]}])
`;
    const huge = await promptOf('huge.py', call('images/huge.png'));
    const image = imagePart(huge);
    assert.deepEqual([image.width, image.height], [64, 64]);
    assert.doesNotMatch(huge.analysis.estimateReason ?? '', /image size unknown|is over/);
    // The same image, small: the same count.
    const small = await promptOf('small.py', call('images/small.png'));
    assert.equal(huge.analysis.promptTokens, small.analysis.promptTokens);
    // A test run reads the whole file again.
    assert.equal(imageUrlOf(image), `data:image/png;base64,${HUGE.toString('base64')}`);
    // Its base64 written as text stands for the whole by its first bytes only, and the estimate says so.
    const asText = await promptOf('huge_text.py', call('images/huge.png', true));
    assert.match(asText.analysis.estimateReason ?? '', /the base64 of `images\/huge\.png` is in the prompt's text: the file is over the 2\.9 MB read here, so only the base64 of its first 256\.0 KB is counted/);
    const noImage = await promptOf('blob.py', call('images/blob.bin'));
    assert.match(noImage.analysis.estimateReason ?? '', /the file `images\/blob\.bin` the program reads is over the 2\.9 MB read here and no image: its content is not read/);
    assert.match(noImage.analysis.estimateReason ?? '', /image size unknown/);
    const missing = await promptOf('missing.py', call('images/none.png'));
    assert.match(missing.analysis.estimateReason ?? '', /the file `images\/none\.png` the program reads is not found \(looked for from the source file's folder up\): its content \(an image's size\) is not read/);
  });

  it('Python: a PDF read from disk and sent as base64 (Claude\'s document block, Chat Completions\' file part) is counted as the request JSON counts it', async () => {
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
        '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj ' +
        '4 0 obj<</Length 60>>stream\nBT /F1 24 Tf 100 700 Td (Quarterly revenue rose by four percent.) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      'latin1',
    );
    writeFileSync(join(dir, 'report.pdf'), pdf);
    const b64 = pdf.toString('base64');
    const read = `import base64, os
import anthropic
from openai import OpenAI
with open(os.path.join(os.path.dirname(__file__), "report.pdf"), "rb") as f:
    pdf_data = base64.standard_b64encode(f.read()).decode("utf-8")
`;
    const claude = await promptOf(
      'claude_pdf.py',
      `${read}anthropic.Anthropic().messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": [
    {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": pdf_data}},
    {"type": "text", "text": "Summarize this document."},
]}])
`,
    );
    const claudeBody = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: b64 } }, { type: 'text', text: 'Summarize this document.' }] }],
    };
    const claudeJson = await jsonCount(claudeBody, 'anthropic-messages');
    assert.equal(claude.analysis.promptTokens, claudeJson);
    // The page is counted (its text and its image), not left out as a document of unknown size.
    assert.ok(claudeJson > 500, String(claudeJson));
    const chat = await promptOf(
      'chat_pdf.py',
      `${read}OpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": [
    {"type": "file", "file": {"filename": "report.pdf", "file_data": f"data:application/pdf;base64,{pdf_data}"}},
    {"type": "text", "text": "Summarize this document."},
]}])
`,
    );
    const chatBody = {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: [{ type: 'file', file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${b64}` } }, { type: 'text', text: 'Summarize this document.' }] }],
    };
    assert.equal(chat.analysis.promptTokens, await jsonCount(chatBody, 'openai-chat'));
    assert.match(chat.analysis.estimateReason ?? '', /PDF/);
    assert.doesNotMatch(chat.analysis.estimateReason ?? '', /file input of unknown size/);
  });

  it('Python: `with open(path) as f:` then `f.read()` reads a prompt file as text', async () => {
    writeFileSync(join(dir, 'system.txt'), 'You are a careful analyst.\r\nAnswer briefly.\r\n');
    const prompt = await promptOf(
      'withread.py',
      `import os
from openai import OpenAI
client = OpenAI()
with open(os.path.join(os.path.dirname(__file__), "system.txt"), encoding="utf-8") as f:
    SYSTEM = f.read()
client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Hi"}])
`,
    );
    const texts = prompt.analysis.request.messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' ? [p.piece.text] : [])));
    assert.deepEqual(texts, ['You are a careful analyst.\nAnswer briefly.\n', 'Hi']);
    // Read in binary and decoded, the bytes are the text as saved (no line-end translation).
    const binary = await promptOf(
      'binread.py',
      `import os
from openai import OpenAI
client = OpenAI()
SYSTEM = open(os.path.join(os.path.dirname(__file__), "system.txt"), "rb").read().decode("utf-8")
client.chat.completions.create(model="gpt-4o", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Hi"}])
`,
    );
    const first = binary.analysis.request.messages[0].parts[0];
    assert.equal(first.type === 'text' ? first.piece.text : '', 'You are a careful analyst.\r\nAnswer briefly.\r\n');
  });
});

describe('a data URL whose media type the program computes', () => {
  it('mimetypes.guess_type(path) in the URL: the image is sized from its base64, and a test run sends the type its bytes tell', async () => {
    const prompt = await promptOf(
      'mime.py',
      `import base64, mimetypes
from pathlib import Path
from openai import OpenAI
client = OpenAI()
def to_data_url(path):
    mime_type, _ = mimetypes.guess_type(path)
    with open(path, "rb") as f:
        encoded = base64.b64encode(f.read()).decode("utf-8")
    return f"data:{mime_type};base64,{encoded}"
client.chat.completions.create(model="gpt-4o", messages=[
    {"role": "system", "content": "You describe charts."},
    {"role": "user", "content": [{"type": "text", "text": "What is in this image?"}, {"type": "image_url", "image_url": {"url": to_data_url(Path(__file__).parent / "images" / "chart.png")}}]},
])
`,
    );
    const image = imagePart(prompt);
    assert.deepEqual([image.width, image.height], [1200, 800]);
    assert.equal(prompt.analysis.promptTokens, await jsonCount(chatBody, 'openai-chat'));
    assert.equal(imageUrlOf(image), DATA_URL);
  });
});
