import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/core/analyze';
import { boundariesByPlace, countAtLineStart, editorView, INLINE_COUNT_COLUMNS, placeBoundaryLabel, VISIBLE_COLUMNS } from '../../src/core/editorView';
import { analyzeSource } from '../../src/core/sources/analyzeSource';

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

  it('a 95-character line under another long one has no room for it: the whole label goes before the text (review.prompt.md)', async () => {
    const { label, line } = await boundaryOf('examples/review.prompt.md');
    assert.ok(line.length > 90 && endColumn(line, label) > VISIBLE_COLUMNS, `the label would end at column ${endColumn(line, label)}`);
    assert.deepEqual(placeBoundaryLabel(label, line, { previousLine: line }), { at: 'lineStart', text: label });
    // As the first line of a file of more lines it has no line above: the label stays after it.
    assert.deepEqual(placeBoundaryLabel(label, line, { nextLine: line }), { at: 'lineEnd', text: label });
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

  it('source code follows the same rule: the line above the boundary, not the call\'s line, with its counts (dated_bot.py)', async () => {
    const file = 'test/workspace/sources/dated_bot.py';
    const text = readFileSync(file, 'utf8');
    const [prompt] = (await analyzeSource({ fileName: file, text })).prompts;
    const view = editorView(prompt.analysis, text.length);
    const lines = text.split('\n');
    const at = text.slice(0, view.boundary!.offset).split('\n').length - 1;
    assert.match(lines[at], /\{datetime\.now\(\)/);
    // The boundary's line is the system message's (it ends with that message's count); the line above is `messages=[`.
    const place = placeBoundaryLabel(view.boundary!.label, lines[at], { countColumns: INLINE_COUNT_COLUMNS, previousLine: lines[at - 1], previousCountColumns: 0 });
    assert.deepEqual(place, { at: 'previousLineEnd', text: view.boundary!.label.replace('◀', '▼') });
    assert.match(place.text, /^▼ static prefix \d+ tokens · [\d,]+ short of the 1,024 minimum/);
    assert.ok(endColumn(lines[at - 1], place.text) <= VISIBLE_COLUMNS, `ends at column ${endColumn(lines[at - 1], place.text)}`);
  });

  it('two calls sharing a prompt get one label, the same for both, above the boundary (bot.py)', async () => {
    const text = readFileSync('test/fixtures/sources/shared_prompt_bot.py', 'utf8');
    const { prompts } = await analyzeSource({ fileName: 'shared_prompt_bot.py', text });
    assert.equal(prompts.length, 2);
    const boundaries = prompts.map((p) => editorView(p.analysis, text.length).boundary!);
    assert.equal(boundaries[0].offset, boundaries[1].offset);
    assert.equal(boundaries[0].label, boundaries[1].label);
    const merged = boundariesByPlace(boundaries);
    assert.deepEqual(merged, [boundaries[0]]);
    const lines = text.split('\n');
    const at = text.slice(0, merged[0].offset).split('\n').length - 1;
    assert.match(lines[at], /prompt = f"/);
    const place = placeBoundaryLabel(merged[0].label, lines[at], { countColumns: 0, previousLine: lines[at - 1], previousCountColumns: 0 });
    assert.equal(place.at, 'previousLineEnd');
    // Cut to what fits after `def answer(question: str) -> str:`, still with both figures.
    assert.equal(place.text, '▼ static prefix 13 tokens · 1,011 short of the 1,024 minimum');
    // Calls whose figures differ say so on the one label.
    assert.deepEqual(boundariesByPlace([boundaries[0], { ...boundaries[1], label: '◀ static prefix 14 tokens' }]), [
      { offset: boundaries[0].offset, label: `${boundaries[0].label} · 1 other call stops here` },
    ]);
  });

  it('a cut label keeps its first count: never `cache boundary` alone (readme_form.py)', () => {
    const label = '◀ cache boundary · 1,536 cacheable tokens (1,024 + 4×128) · 37 more to the next step · estimate';
    for (let length = 0; length <= 120; length++) {
      const place = placeBoundaryLabel(label, 'x'.repeat(length), { previousLine: 'y'.repeat(length) });
      assert.notEqual(place.text.replace('▼', '◀'), '◀ cache boundary', `a ${length}-column line`);
      assert.ok(place.text.replace('▼', '◀') === label || place.text.includes('1,536 cacheable tokens'), place.text);
    }
  });

  it('before an indented line\'s text, the label is cut to what fits after the indentation (readme_form.py)', () => {
    const label = '◀ cache boundary · 1,536 cacheable tokens (1,024 + 4×128) · 37 more to the next step · estimate';
    const line = '            {"role": "user", "content": f"{question}\\n\\nToday is {datetime.now():%Y-%m-%d}."},';
    const previousLine = '            {"role": "system", "content": f"{POLICY}"},';
    const place = placeBoundaryLabel(label, line, { countColumns: INLINE_COUNT_COLUMNS, previousLine, previousCountColumns: INLINE_COUNT_COLUMNS });
    assert.deepEqual(place, { at: 'lineStart', text: '◀ cache boundary · 1,536 cacheable tokens (1,024 + 4×128) · 37 more to the next step' });
    assert.ok(12 + 3 + place.text.length <= VISIBLE_COLUMNS);
  });

  it('with no room on its line or the line above, the label goes after the line below, pointing up, and the code stays in view (support_bot.py)', async () => {
    const file = 'examples/python-app/support_bot.py';
    const text = readFileSync(file, 'utf8');
    const [prompt] = (await analyzeSource({ fileName: file, text })).prompts;
    const view = editorView(prompt.analysis, text.length);
    const lines = text.split('\n');
    const at = text.slice(0, view.boundary!.offset).split('\n').length - 1;
    assert.match(lines[at], /\{"role": "user", "content": question\}/);
    const counted = { countColumns: INLINE_COUNT_COLUMNS, previousLine: lines[at - 1], previousCountColumns: INLINE_COUNT_COLUMNS };
    // Before: drawn before `{"role": "user", ...}`, which it pushed past the edge of the editor.
    assert.equal(placeBoundaryLabel(view.boundary!.label, lines[at], counted).at, 'lineStart');
    const place = placeBoundaryLabel(view.boundary!.label, lines[at], { ...counted, nextLine: lines[at + 1], nextCountColumns: 0 });
    // Cut at a whole part as anywhere else (`· estimate` is in the hover and Problems).
    assert.deepEqual(place, { at: 'nextLineEnd', text: '▲ cache boundary · 1,280 cacheable tokens (1,024 + 2×128) · 47 more to the next step' });
    assert.ok(endColumn(lines[at + 1], place.text) <= VISIBLE_COLUMNS, `ends at column ${endColumn(lines[at + 1], place.text)}`);
  });

  it('a long first line with lines below: the label stays after its end, never before the text; a file of that one line gets it at its start (oneline-2mb.json)', () => {
    const label = '◀ cache boundary · 1,251,712 cacheable tokens (1,024 + 9771×128) · 61 more to the next step';
    const line = `{"model": "gpt-4o", "messages": [{"role": "system", "content": "${'policy '.repeat(200)}"}],`;
    const nextLine = `  "tools": [${'{"type": "function"}, '.repeat(20)}]}`;
    assert.deepEqual(placeBoundaryLabel(label, line, { nextLine }), { at: 'lineEnd', text: label });
    assert.deepEqual(placeBoundaryLabel(label, line, { nextLine, countColumns: INLINE_COUNT_COLUMNS }), { at: 'lineEnd', text: label });
    // Minified: the whole request on one line, whose end is never in view.
    assert.deepEqual(placeBoundaryLabel(label, line), { at: 'lineStart', text: label });
  });

  it('with no room beside the call or around it, the figure keeps its words and drops its parenthesis rather than push the code out of view (agent.ts)', () => {
    const label = '◀ cache boundary · 1,152 cacheable tokens (1,024 + 1×128) · 22 more to the next step · estimate';
    const place = placeBoundaryLabel(label, '  const result = await run(support, question);', {
      countColumns: INLINE_COUNT_COLUMNS,
      previousLine: 'export async function answer(question: string): Promise<string> {',
      previousCountColumns: 0,
      nextLine: "  return String(result.finalOutput ?? '');",
      nextCountColumns: 0,
    });
    assert.deepEqual(place, { at: 'nextLineEnd', text: '▲ cache boundary · 1,152 cacheable tokens' });
  });

  it('a label that fits whole is never cut, and a cut one ends at a whole part', () => {
    const label = '◀ static prefix 60 tokens · 964 short of the 1,024 minimum';
    for (let length = 0; length <= 120; length++) {
      const place = placeBoundaryLabel(label, 'x'.repeat(length), { previousLine: 'y'.repeat(120) });
      if (endColumn('x'.repeat(length), label) <= VISIBLE_COLUMNS) assert.deepEqual(place, { at: 'lineEnd', text: label });
      else if (place.at === 'lineEnd') assert.equal(place.text, '◀ static prefix 60 tokens');
      else assert.deepEqual(place, { at: 'lineStart', text: label });
    }
  });
});

describe('where an inline count goes', () => {
  it('after a line that leaves room for it in view, where the text starts after a longer one', () => {
    assert.equal(countAtLineStart('    {"role": "system", "content": "You answer briefly."},'), false);
    assert.equal(countAtLineStart(`{"role": "system", "content": "${'Answer with care. '.repeat(10)}"}`), true);
    // A tab is four columns, as the labels count it.
    assert.equal(countAtLineStart(`\t\t${'x'.repeat(70)}`), false);
    assert.equal(countAtLineStart(`\t\t\t\t\t${'x'.repeat(70)}`), true);
  });
});
