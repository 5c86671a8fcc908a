import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import type { ApiStyle } from '../../../src/core/model';
import { CLAUDE_FAMILIES, claudeEstimateReason, DEFAULT_CLAUDE_FAMILY } from '../../../src/core/tokens/anthropicFraming';
import {
  estimateHeadline,
  firstClause,
  hasOwnHeadline,
  HEADLINE_MAX_LENGTH,
  type HeadlineContext,
} from '../../../src/core/tokens/estimateHeadlines';
import { IMAGE_SIZE_UNKNOWN_PATCHES, IMAGE_SIZE_UNKNOWN_TILE } from '../../../src/core/tokens/imageTokens';
import { resolveModel } from '../../../src/core/tokens/models';
import { NESTED_TOOL_SCHEMA_ESTIMATE, TYPE_LIST_ESTIMATE } from '../../../src/core/tokens/openaiFraming';

const ROOT = join(__dirname, '..', '..', '..');
const CORE = join(ROOT, 'src', 'core');

function coreFiles(dir = CORE): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return coreFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every exported `*_ESTIMATE` string constant of src/core, by `file:NAME`. */
async function exportedEstimates(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const file of coreFiles()) {
    if (!/export const \w+_ESTIMATE\b/.test(readFileSync(file, 'utf8'))) continue;
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (name.endsWith('_ESTIMATE') && typeof value === 'string') found.set(`${relative(CORE, file)}:${name}`, value);
    }
  }
  return found;
}

/** Every reason with a fixed text the counter can give: the constants and the Claude families' reasons. */
async function allFixedReasons(): Promise<Map<string, string>> {
  const reasons = await exportedEstimates();
  reasons.set('imageTokens.ts:IMAGE_SIZE_UNKNOWN_TILE', IMAGE_SIZE_UNKNOWN_TILE);
  reasons.set('imageTokens.ts:IMAGE_SIZE_UNKNOWN_PATCHES', IMAGE_SIZE_UNKNOWN_PATCHES);
  for (const family of [DEFAULT_CLAUDE_FAMILY, ...CLAUDE_FAMILIES]) reasons.set(`Claude family ${family.label}`, claudeEstimateReason(family));
  return reasons;
}

/** Long model names on each API (the longest a headline names: 20 characters), so a headline naming the model stays short. */
const CONTEXTS: HeadlineContext[] = (['chat', 'responses', 'anthropic'] as ApiStyle[]).flatMap((api) =>
  ['gpt-4.1-mini-2025-04-14', 'claude-sonnet-4-5', 'northwind-gpt-4o-eus', 'northwind-prod-gpt-4o-mini-eastus'].map((model) => ({ model, api })),
);

describe('estimate headlines', () => {
  it('has a headline of its own for every exported *_ESTIMATE constant of src/core', async () => {
    const estimates = await exportedEstimates();
    // The constants of the OpenAI framing, images, audio and Anthropic at least: the scan finds them.
    assert.ok(estimates.size >= 40, `only ${estimates.size} constants found`);
    const missing = [...estimates].filter(([, reason]) => !hasOwnHeadline(reason)).map(([name]) => name);
    assert.deepEqual(missing, [], 'give these reasons a headline in src/core/tokens/estimateHeadlines.ts');
  });

  it('passes no reason to the counter as a bare string, so each one can be keyed to its headline', () => {
    const literal = /\.estimate\(\s*['"`]|estimateReason:\s*['"`]/;
    const offenders = coreFiles()
      .filter((file) => file.includes(`${join('core', 'tokens')}`))
      .filter((file) => literal.test(readFileSync(file, 'utf8')))
      .map((file) => relative(CORE, file));
    assert.deepEqual(offenders, []);
  });

  it('keeps every headline to one short line, whatever the model name', async () => {
    for (const [name, reason] of await allFixedReasons()) {
      for (const context of CONTEXTS) {
        const headline = estimateHeadline(reason, context);
        assert.ok(headline.length > 10, `${name}: "${headline}"`);
        assert.ok(headline.length <= HEADLINE_MAX_LENGTH, `${name} (${headline.length} characters): "${headline}"`);
        assert.doesNotMatch(headline, /\n|\.$/, `${name}: one line, no full stop`);
        if (reason.length > HEADLINE_MAX_LENGTH) assert.ok(headline.length < reason.length, `${name}: shorter than the reason`);
      }
    }
  });

  it('names the model and API where a reason says "this model"', () => {
    const context: HeadlineContext = { model: 'gpt-4.1', api: 'chat' };
    assert.equal(estimateHeadline(TYPE_LIST_ESTIMATE, context), 'nullable (type-list) tool fields on gpt-4.1 Chat are not measured');
    assert.match(estimateHeadline(NESTED_TOOL_SCHEMA_ESTIMATE, { model: 'o3', api: 'responses' }), /^nested tool objects not measured on o3 Responses/);
    assert.equal(
      estimateHeadline(TYPE_LIST_ESTIMATE, { model: 'gpt-4.1-mini-2025-04-14', api: 'responses' }),
      'nullable (type-list) tool fields on gpt-4.1-mini Responses are not measured',
      'a snapshot is named by its family',
    );
    assert.equal(
      estimateHeadline(TYPE_LIST_ESTIMATE, { model: 'northwind-prod-gpt-4o-mini-eastus', api: 'chat' }),
      'nullable (type-list) tool fields on this model (Chat) are not measured',
      'a long deployment name is left out',
    );
  });

  it('keeps the measured error of a Claude count', () => {
    const resolved = resolveModel('claude-sonnet-4-5');
    assert.ok(resolved.measuredError, 'Claude 4.5 is measured on the corpus');
    const headline = estimateHeadline(resolved.estimateReason ?? '', { model: resolved.model, api: 'anthropic' });
    assert.ok(headline.includes(`≈ ±${resolved.measuredError.meanPercent.toFixed(1)}%`), headline);
    assert.ok((resolved.estimateReason ?? '').includes(`±${resolved.measuredError.meanPercent.toFixed(1)}%`), 'the same figure as the reason');
    assert.match(headline, /Claude’s tokenizer is not public/);
  });

  it('shortens the reason of a model name found inside a deployment name', () => {
    const resolved = resolveModel('prod-gpt-4o-mini');
    assert.equal(
      estimateHeadline(resolved.estimateReason ?? '', { model: resolved.model, api: 'chat' }),
      '"prod-gpt-4o-mini" counted as gpt-4o-mini (not a model name)',
    );
  });
});

describe('firstClause (reasons without a headline of their own)', () => {
  it('keeps a short first sentence whole, without its full stop', () => {
    assert.equal(firstClause('the parameters of tool search are built by code'), 'the parameters of tool search are built by code');
    assert.equal(firstClause('Something is not measured. More detail follows here.'), 'Something is not measured');
  });

  it('cuts a long sentence at its last clause boundary outside parentheses and code', () => {
    const reason =
      'Widgets in tool parameters are counted as measured on gpt-4o (three recorded requests, one token apart), ' +
      'and for every other family as on gpt-4o; not measured there';
    const clause = firstClause(reason);
    assert.equal(clause, 'Widgets in tool parameters are counted as measured on gpt-4o');
    const coded = firstClause(`A field \`${'x, y; z: '.repeat(8)}\` is written in a way no recording pins, for any model family`);
    assert.ok(coded.length <= HEADLINE_MAX_LENGTH, coded);
    assert.equal(coded.split('`').length % 2, 1, `no code span cut open: ${coded}`);
  });

  it('cuts at a word, with an ellipsis, when no clause boundary is short enough', () => {
    const clause = firstClause(`${'word '.repeat(40)}end`);
    assert.ok(clause.endsWith('…') && clause.length <= HEADLINE_MAX_LENGTH, clause);
  });
});

describe('the analysis carries the headlines beside the reason', () => {
  it('gives one headline per reason, the reasons joined being the reason shown so far', async () => {
    const path = join(ROOT, 'examples', 'chat-request.json');
    const analysis = await analyzePrompt({ fileName: path, text: readFileSync(path, 'utf8') });
    assert.equal(analysis.estimate, true);
    const reasons = analysis.estimateReasons ?? [];
    assert.ok(reasons.length > 0);
    assert.equal(reasons.join(' '), analysis.estimateReason);
    assert.deepEqual(
      analysis.estimateHeadlines,
      reasons.map((reason) => estimateHeadline(reason, { model: 'gpt-4.1', api: 'chat' })),
    );
    for (const headline of analysis.estimateHeadlines ?? []) assert.ok(headline.length <= HEADLINE_MAX_LENGTH, headline);
  });

  it('leaves both out of an exact count', async () => {
    const analysis = await analyzePrompt({
      fileName: 'exact.json',
      text: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello there.' }] }),
    });
    assert.equal(analysis.estimate, false);
    assert.equal(analysis.estimateReasons, undefined);
    assert.equal(analysis.estimateHeadlines, undefined);
  });
});
