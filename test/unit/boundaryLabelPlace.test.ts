import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { editorView, INLINE_COUNT_COLUMNS, placeBoundaryLabel, VISIBLE_COLUMNS } from '../../src/core/editorView';

/** The example's boundary label and the text of the line it is on. */
async function boundaryOf(file: string): Promise<{ label: string; line: string }> {
  const text = readFileSync(file, 'utf8');
  const view = editorView(await analyzePrompt({ fileName: file, text }), text.length);
  const lineStart = text.lastIndexOf('\n', view.boundary!.offset - 1) + 1;
  const lineEnd = text.indexOf('\n', view.boundary!.offset);
  return { label: view.boundary!.label, line: text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd) };
}

const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').find((l) => l.includes(needle))!;

/** Where the label's last character falls when drawn after `line` (2em margin, about 3 columns). */
const endColumn = (line: string, text: string) => line.length + 3 + text.length;

describe('placeBoundaryLabel: the boundary label stays wholly in view', () => {
  it('a short line keeps the whole label at its end (handbook-agent.prompty)', async () => {
    const { label, line } = await boundaryOf('examples/handbook-agent.prompty');
    const place = placeBoundaryLabel(label, line);
    assert.deepEqual(place, { at: 'lineEnd', text: label });
    assert.ok(endColumn(line, place.text) <= VISIBLE_COLUMNS);
  });

  it('a 95-character line has no room for it: the whole label goes before the text (review.prompt.md)', async () => {
    const { label, line } = await boundaryOf('examples/review.prompt.md');
    assert.ok(line.length > 90 && endColumn(line, label) > VISIBLE_COLUMNS, `the label would end at column ${endColumn(line, label)}`);
    assert.deepEqual(placeBoundaryLabel(label, line), { at: 'lineStart', text: label });
  });

  it('a long line with a short line above it: the whole label goes on the line above, pointing down (review.prompt.md)', async () => {
    const { label, line } = await boundaryOf('examples/review.prompt.md');
    const previousLine = lineOf('examples/review.prompt.md', '# Code review');
    const place = placeBoundaryLabel(label, line, { previousLine });
    assert.deepEqual(place, { at: 'previousLineEnd', text: label.replace('◀', '▼') });
    assert.ok(endColumn(previousLine, place.text) + INLINE_COUNT_COLUMNS <= VISIBLE_COLUMNS);
    // A line above with room for only the first part gets that part; with no room, the label goes
    // before the boundary line's text.
    const cut = placeBoundaryLabel(label, line, { previousLine: 'x'.repeat(40) });
    assert.deepEqual(cut, { at: 'previousLineEnd', text: '▼ static prefix 12 tokens' });
    assert.deepEqual(placeBoundaryLabel(label, line, { previousLine: line }), { at: 'lineStart', text: label });
  });

  it('source code: after the call\'s first line, cut to the parts that fit (support_bot.py)', () => {
    const file = 'examples/python-app/support_bot.py';
    const label = '◀ static prefix 5 tokens · 1,019 short of the 1,024 minimum · estimate';
    const boundaryLine = lineOf(file, '{datetime.now()');
    const callLine = lineOf(file, 'client.chat.completions.create(');
    const place = placeBoundaryLabel(label, boundaryLine, { callLine, countColumns: INLINE_COUNT_COLUMNS });
    assert.equal(place.at, 'callLineEnd');
    assert.ok(label.startsWith(place.text) && place.text.startsWith('◀ static prefix 5 tokens'), place.text);
    assert.ok(endColumn(callLine, place.text) <= VISIBLE_COLUMNS, `ends at column ${endColumn(callLine, place.text)}`);
  });

  it('a label that fits whole is never cut, and a cut one ends at a whole part', () => {
    const label = '◀ static prefix 60 tokens · 964 short of the 1,024 minimum';
    for (let length = 0; length <= 120; length++) {
      const place = placeBoundaryLabel(label, 'x'.repeat(length));
      if (endColumn('x'.repeat(length), label) <= VISIBLE_COLUMNS) assert.deepEqual(place, { at: 'lineEnd', text: label });
      else if (place.at === 'lineEnd') assert.equal(place.text, '◀ static prefix 60 tokens');
      else assert.deepEqual(place, { at: 'lineStart', text: label });
    }
  });
});
