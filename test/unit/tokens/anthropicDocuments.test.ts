import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { deflateSync } from 'node:zlib';
import { analyzePrompt, InputRejectedError } from '../../../src/core/analyze';
import { runCli } from '../../../src/cli/run';
import { parsePrompt } from '../../../src/core/formats';
import { pdfText } from '../../../src/core/formats/documentPages';
import { ANTHROPIC_FRAMING } from '../../../src/core/tokens/anthropicFraming';
import { resolveModel } from '../../../src/core/tokens/models';
import { renderRequest } from '../../../src/core/tokens/render';
import type { RenderedPrompt } from '../../../src/core/tokens/rendered';
import { loadTokenizer } from '../../../src/core/tokens/tokenizer';

async function render(body: Record<string, unknown>): Promise<RenderedPrompt> {
  const request = parsePrompt('request.json', JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 100, ...body }, null, 2), { format: 'anthropic-messages' });
  const resolved = resolveModel(request.model?.name);
  return renderRequest(request, await loadTokenizer(resolved.encoding), resolved);
}

const pdf = (pages: number) =>
  Buffer.from(`%PDF-1.4\n2 0 obj << /Type /Pages /Count ${pages} >> endobj\n${'<< /Type /Page >>\n'.repeat(pages)}%%EOF`).toString('base64');
const user = (...content: unknown[]) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise.' }, ...content] }] });
const weatherTool = { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

describe('Anthropic documents, citations and tool_choice', () => {
  test('a base64 PDF document costs its pages, not its base64, and says why', async () => {
    const bare = await render(user());
    const doc = await render(user({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf(3) } }));
    assert.equal(doc.total - bare.total, 3 * ANTHROPIC_FRAMING.pdfPerPage);
    assert.match(doc.estimateReason ?? '', /page count/);
  });

  test('a plain-text document costs its text and its framing', async () => {
    const bare = await render(user());
    const data = 'Ruby was created by Matz in 1995.';
    const doc = await render(user({ type: 'document', source: { type: 'text', media_type: 'text/plain', data } }));
    const asText = await render(user({ type: 'text', text: data }));
    assert.equal(doc.total - bare.total, asText.total - bare.total + ANTHROPIC_FRAMING.textDocument);
  });

  test('citations add their instructions once, and cited PDF pages cost more', async () => {
    const source = { type: 'text', media_type: 'text/plain', data: 'Ruby was created by Matz.' };
    const plain = await render(user({ type: 'document', source }));
    const cited = await render(user({ type: 'document', source, citations: { enabled: true } }, { type: 'document', source, citations: { enabled: true } }));
    const twoPlain = await render(user({ type: 'document', source }, { type: 'document', source }));
    assert.equal(cited.total - twoPlain.total, ANTHROPIC_FRAMING.citations);
    assert.ok(plain.total < twoPlain.total);
    const pdfCited = await render(user({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf(1) }, citations: { enabled: true } }));
    const pdfPlain = await render(user({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf(1) } }));
    assert.equal(pdfCited.total - pdfPlain.total, ANTHROPIC_FRAMING.citations + ANTHROPIC_FRAMING.pdfCitedPerPage);
  });

  test('disable_parallel_tool_use shortens the tool-use system prompt by 224 tokens', async () => {
    const auto = await render({ ...user(), tools: [weatherTool], tool_choice: { type: 'auto' } });
    const serial = await render({ ...user(), tools: [weatherTool], tool_choice: { type: 'auto', disable_parallel_tool_use: true } });
    assert.equal(auto.total - serial.total, 224);
    // Claude Sonnet 5 measured the same with and without the flag.
    const sonnet5 = { model: 'claude-sonnet-5', ...user(), tools: [weatherTool] };
    const auto5 = await render({ ...sonnet5, tool_choice: { type: 'auto' } });
    const serial5 = await render({ ...sonnet5, tool_choice: { type: 'auto', disable_parallel_tool_use: true } });
    assert.equal(auto5.total, serial5.total);
  });

  test('a PDF page costs a fixed part plus the text it shows, read from its content stream', async () => {
    const withText = (text: string) => {
      const stream = `BT /F1 12 Tf 50 750 Td (${text}) Tj 0 -20 Td (Second line) Tj ET`;
      return Buffer.from(
        `%PDF-1.4\n3 0 obj << /Type /Page /Contents 5 0 R >> endobj\n5 0 obj << /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n%%EOF`,
      ).toString('base64');
    };
    assert.equal(pdfText(withText('John Doe - Software Engineer')), 'John Doe - Software Engineer\nSecond line');
    const empty = await render(user({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf(1) } }));
    const long = 'Lorem ipsum dolor sit amet, consectetuer adipiscing elit. '.repeat(10);
    const doc = await render(user({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: withText(long) } }));
    const tokenizer = await loadTokenizer('o200k_base');
    const textTokens = tokenizer.count(`${long}\nSecond line`);
    assert.equal(doc.total - empty.total, Math.round(textTokens * ANTHROPIC_FRAMING.pdfTextScale));
  });

  test('hex strings of an embedded (Identity-H) font are read through the document\'s ToUnicode map', () => {
    // What a word processor writes: glyph ids in hex, mapped to text by a bfchar and a bfrange CMap.
    const cmap =
      '/CIDInit /ProcSet findresource begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange ' +
      '2 beginbfchar <0093> <0054> <03D9> <0020> endbfchar 1 beginbfrange <0100> <0102> <0061> endbfrange endcmap end';
    const stream = 'BT /F1 12 Tf 96 111 Tm [<0093>48<0100>-2<0101><03D9><0102>] TJ ET';
    const pdf = Buffer.from(
      `%PDF-1.7\n3 0 obj << /Type /Page /Contents 5 0 R >> endobj\n5 0 obj << /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n` +
        `10 0 obj << /Length ${cmap.length} >>\nstream\n${cmap}\nendstream\nendobj\n%%EOF`,
    );
    assert.equal(pdfText(pdf.toString('base64')), 'Tab c');
  });

  test('server tools are labelled estimates with the reason', async () => {
    const rendered = await render({ ...user(), tools: [{ type: 'web_search_20250305', name: 'web_search' }] });
    assert.match(rendered.estimateReason ?? '', /Server tools/);
  });

  test('the computer use tool costs its documented 735 tokens plus 588 of system prompt (555 when forced)', async () => {
    const computer = { type: 'computer_20250124', name: 'computer', display_width_px: 1920, display_height_px: 1080 };
    const bare = await render({ ...user(), tools: [weatherTool] });
    const both = await render({ ...user(), tools: [weatherTool, computer] });
    assert.equal(both.total - bare.total, 735 + 588);
    const forced = { tool_choice: { type: 'any' } };
    const forcedBoth = await render({ ...user(), ...forced, tools: [weatherTool, computer] });
    const forcedBare = await render({ ...user(), ...forced, tools: [weatherTool] });
    assert.equal(forcedBoth.total - forcedBare.total, 735 + 555);
    assert.match(both.estimateReason ?? '', /computer use/);
    assert.doesNotMatch(both.estimateReason ?? '', /Server tools/);
  });

  test('a PDF whose content stream inflates past the reading cap is read only up to the cap', () => {
    // 64 MB of zeros compress to about 64 KB; a bomb of any size stops at the same cap.
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024));
    const text = Buffer.from('BT (Hello after the bomb) Tj ET');
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n1 0 obj << /Filter /FlateDecode /Length 1 >>\nstream\n'),
      bomb,
      Buffer.from('\nendstream\nendobj\n2 0 obj << /Length 2 >>\nstream\n'),
      text,
      Buffer.from('\nendstream\nendobj\n%%EOF'),
    ]);
    assert.equal(pdfText(pdf.toString('base64')), '');
  });
});

describe('damaged and hostile PDFs are read to an answer', () => {
  const page = (stream: string, before = '') =>
    Buffer.from(`%PDF-1.7\n3 0 obj << /Type /Page /Contents 5 0 R >> endobj\n${before}5 0 obj << /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n%%EOF`, 'latin1').toString('base64');

  test('ToUnicode maps covering more codes than a call takes arguments: the text is read through them', async () => {
    // Six-digit codes, 4 ranges of 65,536: 262,144 codes (finding the widest code overflowed the stack).
    const ranges = [0, 1, 2, 3].map((k) => `<${(k * 65536).toString(16).padStart(6, '0')}> <${(k * 65536 + 65535).toString(16).padStart(6, '0')}> <0041>`).join('\n');
    const cmap = `begincmap ${ranges.length} beginbfrange\n${ranges}\nendbfrange endcmap`;
    const data = page('BT <000000000001> Tj ET', `10 0 obj << /Length ${cmap.length} >>\nstream\n${cmap}\nendstream\nendobj\n`);
    assert.equal(pdfText(data), 'AB');
    const doc = await render(user({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data } }));
    assert.ok(doc.total > 0);
  });

  test('a text object without ET and a string without its closing parenthesis are read to the end of the stream', () => {
    assert.equal(pdfText(page('BT (first) Tj 0 -20 Td (second) Tj')), 'first\nsecond');
    // The line break before `endstream` is the stream's last character.
    assert.equal(pdfText(page('BT (cut short')), 'cut short\n');
    // Thousands of them: each read once, the text is every string in order.
    assert.equal(pdfText(page('BT (a) Tj '.repeat(20_000))), 'a'.repeat(20_000));
    assert.equal(pdfText(page(`BT (${'('.repeat(20_000)}`)), `${'('.repeat(20_000)}\n`);
  });

  test('"stream" keywords with no dictionary, and "endstream" itself, are not streams of their own', () => {
    // 20,000 keywords before one content stream: its text is found once, after them.
    const data = Buffer.from(
      `%PDF-1.7\n3 0 obj << /Type /Page >> endobj\n${'stream\nx\n'.repeat(20_000)}endstream\n5 0 obj << /Length 20 >>\nstream\nBT (Hello) Tj ET\nendstream\nendobj\n`,
      'latin1',
    ).toString('base64');
    assert.equal(pdfText(data), 'Hello');
  });
});

describe('media that claim more tokens than any model accepts', () => {
  const documentRequest = (pages: number) =>
    JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf(pages) } }] }] });

  test('a 2 MB PDF of 100,000 one-line pages is refused, saying why, instead of making 156 million token ids', async () => {
    await assert.rejects(analyzePrompt({ fileName: 'pages.json', text: documentRequest(100_000) }), (error: unknown) => {
      assert.ok(error instanceof InputRejectedError);
      assert.equal(error.reason, 'too-large');
      assert.match(error.message, /^The request's images, documents and audio count more than 16,000,000 tokens \(one of them 156,500,000\), far more than any model accepts; it is too large to analyse\.$/);
      return true;
    });
  });

  test('the command line says so in one line and exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcl-pages-'));
    const file = join(dir, 'pages.json');
    writeFileSync(file, documentRequest(100_000));
    let stderr = '';
    const code = await runCli(['analyze', file], { stdout: () => {}, stderr: (text) => void (stderr += text), cwd: dir });
    assert.equal(code, 2);
    assert.match(stderr, /^prompt-cache-lens: .*pages\.json: The request's images, documents and audio count more than 16,000,000 tokens .* too large to analyse\.\n$/);
  });

  test('a PDF of 1,000 pages is still counted', async () => {
    const a = await analyzePrompt({ fileName: 'pages.json', text: documentRequest(1000) });
    assert.equal(a.promptTokens > 1000 * ANTHROPIC_FRAMING.pdfPerPage, true);
  });
});
