/**
 * `npm run accuracy`: counts every recorded request in test/fixtures/recorded/ and compares the
 * count with the usage the provider answered. Prints the tables and writes docs/accuracy.md.
 *   --list     also print every pair that is not exact
 *   --no-write print only
 *   --record   write `knownDifference` (our count minus the recorded one, and the reason the count
 *              itself gives) into every pair that needs one and lacks it or records another figure;
 *              drop it from pairs that have become exact. Every change is printed for review.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  claudeFamilyErrors,
  CORPUS_DIR,
  type CountedPair,
  countPair,
  familyOf,
  featuresOf,
  loadCorpus,
  needsKnownDifference,
} from '../test/recordedCorpus';
import { IMAGE_SIZE_UNKNOWN_PATCHES, IMAGE_SIZE_UNKNOWN_TILE } from '../src/core/tokens/imageTokens';
import {
  BUILT_IN_TOOL_ESTIMATE,
  EARLIER_REASONING_ESTIMATE,
  FILE_INPUT_ESTIMATE,
  REASONING_ITEM_ESTIMATE,
  REASONING_PRO_ESTIMATE,
  SEARCH_MODEL_ESTIMATE,
  STORED_STATE_ESTIMATE,
} from '../src/core/tokens/openaiFraming';

interface Row {
  pairs: number;
  exact: number;
  within1: number;
  within5: number;
  worst: CountedPair | undefined;
}

const relativeError = (c: CountedPair) => (c.recorded === 0 ? 0 : Math.abs(c.difference) / c.recorded);

function summarize(counted: CountedPair[]): Row {
  const row: Row = { pairs: counted.length, exact: 0, within1: 0, within5: 0, worst: undefined };
  for (const c of counted) {
    if (c.difference === 0) row.exact++;
    if (relativeError(c) <= 0.01) row.within1++;
    if (relativeError(c) <= 0.05) row.within5++;
    if (!row.worst || relativeError(c) > relativeError(row.worst)) row.worst = c;
  }
  return row;
}

const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(0)}%`);

function worstCell(worst: CountedPair | undefined): string {
  if (!worst || worst.difference === 0) return '0';
  const sign = worst.difference > 0 ? '+' : '';
  return `${sign}${worst.difference} (${(100 * relativeError(worst)).toFixed(1)}%)`;
}

/** A pair whose difference the evidence puts in the recording, not in the counter. */
const putDownToRecording = (c: CountedPair) => c.pair.knownDifference?.recording === true && c.difference !== 0;

/**
 * Estimate reasons that name input the request body does not hold: the API adds it from elsewhere
 * (a stored response, a search, a file by id, an image's pixels at a URL, encrypted reasoning,
 * server-side instructions). No offline count can know it; the provider's count can.
 */
const INPUT_OUTSIDE_REQUEST = [
  STORED_STATE_ESTIMATE,
  BUILT_IN_TOOL_ESTIMATE,
  FILE_INPUT_ESTIMATE,
  REASONING_ITEM_ESTIMATE,
  EARLIER_REASONING_ESTIMATE,
  REASONING_PRO_ESTIMATE,
  SEARCH_MODEL_ESTIMATE,
  IMAGE_SIZE_UNKNOWN_TILE,
  IMAGE_SIZE_UNKNOWN_PATCHES,
];
const inputOutsideRequest = (c: CountedPair) => INPUT_OUTSIDE_REQUEST.some((reason) => c.estimateReason?.includes(reason));

/**
 * One row per group. With `setAside`, a last column gives the exact share without the pairs put
 * down to the recording (each says why in its fixture), beside the plain share that includes them.
 */
function table(title: string, groups: Map<string, CountedPair[]>, setAside = false): string[] {
  const lines = [
    `| ${title} | pairs | exact | within 1% | within 5% | worst (tokens, share) |${setAside ? ' exact without pairs put down to the recording | exact when the request holds all its input | shown as exact (no ≈): right |' : ''}`,
    `| --- | ---: | ---: | ---: | ---: | --- |${setAside ? ' ---: | ---: | ---: |' : ''}`,
  ];
  for (const [name, counted] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const row = summarize(counted);
    let extra = '';
    if (setAside) {
      const kept = counted.filter((c) => !putDownToRecording(c));
      const aside = counted.length - kept.length;
      const exact = kept.filter((c) => c.difference === 0).length;
      extra = aside === 0 ? ' – |' : ` ${exact} of ${kept.length} (${percent(exact, kept.length)}), ${aside} set aside |`;
      // Of those, the pairs whose whole input is in the body: what an offline count can be held to.
      const whole = kept.filter((c) => !inputOutsideRequest(c));
      const wholeExact = whole.filter((c) => c.difference === 0).length;
      const outside = kept.length - whole.length;
      extra += ` ${wholeExact} of ${whole.length} (${percent(wholeExact, whole.length)})${outside === 0 ? '' : `, ${outside} not`} |`;
      // What a user sees: a count without the ≈ mark claims to be the API's figure.
      const claimed = counted.filter((c) => !c.estimate);
      const right = claimed.filter((c) => c.difference === 0).length;
      extra += claimed.length === 0 ? ' – (all estimates) |' : ` ${right} of ${claimed.length} |`;
    }
    lines.push(
      `| ${name} | ${row.pairs} | ${row.exact} (${percent(row.exact, row.pairs)}) | ${row.within1} | ${row.within5} | ${worstCell(row.worst)} |${extra}`,
    );
  }
  return lines;
}

function groupBy(counted: CountedPair[], keys: (c: CountedPair) => string[]): Map<string, CountedPair[]> {
  const groups = new Map<string, CountedPair[]>();
  for (const c of counted) {
    for (const key of keys(c)) groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

function sourceOf(file: string): string {
  const slash = file.indexOf('/');
  return slash === -1 ? 'pinned (2023 notebook and community)' : file.slice(0, slash);
}

/** Brings every pair's `knownDifference` in line with the count; returns the lines to print. */
function recordDifferences(counted: CountedPair[]): string[] {
  const changes: string[] = [];
  for (const c of counted) {
    const path = join(CORPUS_DIR, c.pair.file);
    const fixture = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const known = c.pair.knownDifference;
    if (!needsKnownDifference(c)) {
      if (!known) continue;
      delete fixture.knownDifference;
      changes.push(`${c.pair.file}: now within bounds, knownDifference dropped (was ${known.tokens})`);
    } else {
      // A difference put down to the recording keeps its written reason; otherwise the reason is the
      // count's own estimate reason as it reads now, so its measured figures stay current.
      // A difference the count shows as exact (no estimate mark) is kept as unexplained, with its
      // finding when one was written.
      const unexplained = !known?.recording && !c.estimate && c.pair.api !== 'anthropic';
      const reason = known?.recording
        ? known.reason
        : unexplained
          ? known?.unexplained
            ? known.reason
            : 'not explained: the count shows this as exact'
          : (c.estimateReason ?? known?.reason ?? 'not explained');
      if (known?.tokens === c.difference && known.reason === reason && Boolean(known.unexplained) === unexplained) continue;
      fixture.knownDifference = {
        tokens: c.difference,
        reason,
        ...(known?.recording ? { recording: true } : {}),
        ...(unexplained ? { unexplained: true } : {}),
      };
      changes.push(`${c.pair.file}: knownDifference ${known ? `${known.tokens} -> ` : ''}${c.difference} (${reason.slice(0, 80)})`);
    }
    writeFileSync(path, `${JSON.stringify(fixture, null, 2)}\n`);
  }
  return changes;
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const counted: CountedPair[] = [];
  for (const pair of loadCorpus()) counted.push(await countPair(pair));
  if (args.has('--record')) {
    for (const line of recordDifferences(counted)) process.stdout.write(`${line}\n`);
    return;
  }
  const openai = counted.filter((c) => c.pair.api !== 'anthropic');
  const anthropic = counted.filter((c) => c.pair.api === 'anthropic');
  const total = summarize(counted);
  const needing = counted.filter(needsKnownDifference);
  const explained = needing.filter((c) => c.pair.knownDifference?.tokens === c.difference);

  const lines = [
    '# Token count accuracy',
    '',
    `Generated by \`npm run accuracy\` on ${new Date().toISOString().slice(0, 10)} from ${counted.length} recorded`,
    'request/usage pairs in `test/fixtures/recorded/` (sources, with commits, in each folder’s `SOURCES.md`',
    'and in every pair’s `source` field). Each row compares the count the editor and `prompt-cache-lens',
    'analyze` give for the request body with the prompt size the provider answered: `usage.prompt_tokens`',
    '(Chat Completions), `usage.input_tokens` (Responses), and `input_tokens + cache_creation_input_tokens +',
    'cache_read_input_tokens` (Anthropic). “Worst” is our count minus the recorded one.',
    '',
    `Overall: ${total.exact} of ${total.pairs} exact (${percent(total.exact, total.pairs)}), ${total.within1} within 1%.`,
    `OpenAI: ${summarize(openai).exact} of ${openai.length} exact. Anthropic: ${summarize(anthropic).within5} of ${anthropic.length} within 5%.`,
    `OpenAI pairs that are not exact, and Anthropic pairs beyond 5%, carrying their difference and its reason in the`,
    `fixture: ${explained.length} of ${needing.length}. Of them, ${counted.filter(putDownToRecording).length} are put down to the recording rather than the`,
    'counter (`knownDifference.recording`, with the evidence in its reason: e.g. Responses recordings made in the',
    'API’s first days, whose tool framing the API has since changed); they are counted in every table, and the',
    'family table also gives the exact share without them. The next column leaves out, too, the pairs whose input',
    'is not all in the request body, each flagged as an estimate that says so: web search results, images given by',
    'URL, files by id, stored conversation state, encrypted reasoning, a search model’s or pro reasoning mode’s instructions (no offline',
    'count can know these; “Count Exactly with the Provider” can). Its last column checks what the editor claims: of the',
    'pairs whose count is shown without the ≈ estimate mark, how many equal the recorded usage (the others, shown',
    'with ≈ and their reason, depend on what the request does not hold: web search results, images given by URL,',
    'file contents, encrypted reasoning).',
    '',
    '## By model family and API',
    '',
    ...table('family · API', groupBy(counted, (c) => [`${familyOf(c.pair)} · ${c.pair.api}`]), true),
    '',
    '## Claude estimate error per family',
    '',
    'What each family’s count shows users (“≈ estimate, ±N% on M recorded requests”), measured over the pairs',
    'whose count carries no other estimate reason. The figures are data in `anthropicFraming.ts`; the unit test',
    'fails when they differ from this measurement.',
    '',
    '| family | pairs | mean error | worst | stated in anthropicFraming.ts |',
    '| --- | ---: | ---: | ---: | --- |',
    ...claudeFamilyErrors(counted).map(
      (f) =>
        `| ${f.label} | ${f.pairs} | ${f.meanPercent.toFixed(1)}% | ${f.worstPercent.toFixed(1)}% | ${
          f.stated ? `${f.stated.pairs} pairs, ±${f.stated.meanPercent.toFixed(1)}%, worst ${f.stated.worstPercent.toFixed(1)}%` : 'none'
        } |`,
    ),
    '',
    '## By request feature (a pair counts under every feature it uses)',
    '',
    ...table('feature', groupBy(counted, (c) => featuresOf(c.pair).map((f) => `${c.pair.api}: ${f}`))),
    '',
    '## By source',
    '',
    ...table('source', groupBy(counted, (c) => [sourceOf(c.pair.file)])),
    '',
  ];
  const unexplained = counted.filter((c) => c.pair.knownDifference?.unexplained);
  if (unexplained.length > 0) {
    lines.push(
      '## Shown as exact and not (no cause found yet)',
      '',
      `${unexplained.length} OpenAI pairs are counted without the ≈ estimate mark and differ from the recorded usage; no rule`,
      'explains them yet (`knownDifference.unexplained`). They count as wrong in the “shown as exact: right” column.',
      '',
      '| pair | model | recorded | ours | difference | finding |',
      '| --- | --- | ---: | ---: | ---: | --- |',
    );
    for (const c of unexplained) {
      lines.push(`| ${c.pair.file} | ${c.pair.model} | ${c.recorded} | ${c.counted} | ${c.difference > 0 ? '+' : ''}${c.difference} | ${c.pair.knownDifference!.reason} |`);
    }
    lines.push('');
  }
  const differing = counted.filter((c) => c.difference !== 0);
  if (differing.length > 0) {
    lines.push('## Pairs that are not exact', '', '| pair | model | recorded | ours | difference | why |', '| --- | --- | ---: | ---: | ---: | --- |');
    for (const c of differing.sort((a, b) => relativeError(b) - relativeError(a))) {
      const why = c.pair.knownDifference?.reason ?? 'not yet explained';
      lines.push(`| ${c.pair.file} | ${c.pair.model} | ${c.recorded} | ${c.counted} | ${c.difference > 0 ? '+' : ''}${c.difference} | ${why} |`);
    }
    lines.push('');
  }
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  if (args.has('--list')) {
    for (const c of differing) {
      process.stdout.write(`${c.pair.file}\t${c.pair.model}\t${c.recorded}\t${c.counted}\t${c.difference}\t${featuresOf(c.pair).join(',')}\n`);
    }
  }
  if (!args.has('--no-write')) writeFileSync(join(__dirname, '..', 'docs', 'accuracy.md'), text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
