/** `prompt-cache-lens check <files, folders or globs> [--min-cacheable N] [--format text|json|sarif|github]` */
import { countOf, modelLabel } from '../../core/labels';
import { formatCount } from '../../core/report';
import { checkFile, type CheckedFile } from '../checkFiles';
import { CliError, EXIT } from '../errors';
import { expandPatterns } from '../glob';
import type { CliIo } from '../io';
import { jsonOutput } from '../jsonOutput';
import { maxBytesOption, numberOption, parseCommandArgs } from '../options';
import { toGithubAnnotations } from '../githubAnnotations';
import { toSarif } from '../sarif';
import { COMMAND_USAGE } from '../usage';
import { TOOL_VERSION } from '../version';

const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
type OutputFormat = (typeof FORMATS)[number];

function exitCodeOf(files: readonly CheckedFile[]): number {
  if (files.some((f) => f.status === 'unreadable')) return EXIT.badInput;
  if (files.some((f) => f.findings.some((x) => x.severity === 'error'))) return EXIT.checkFailed;
  return EXIT.ok;
}

/**
 * The report people read: each finding, each file's (or call's) size, and the totals. Under
 * `--format github` the findings are annotation commands instead (`findingLines`), the rest as it is.
 */
function textReport(files: readonly CheckedFile[], findingLines = (file: CheckedFile) => file.findings.map((f) => `${file.file}:${f.line}:${f.column}: ${f.severity} ${f.rule}: ${f.message}`)): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    if (file.status === 'skipped') continue;
    for (const f of file.findings) {
      if (f.severity === 'error') errors++;
      if (f.severity === 'warning') warnings++;
    }
    out.push(...findingLines(file));
    if (file.status === 'analysed' && file.prompts && file.prompts.length > 1) {
      // Each call is a request of its own: never one sum.
      for (const p of file.prompts) {
        out.push(`${file.file}:${p.line}:${p.column}: ${p.callee}: ${sizeText(p)}, ${formatCount(p.cacheableTokens)} cacheable (${modelLabel(p.model)})`);
      }
    } else if (file.status === 'analysed') {
      out.push(
        `${file.file}: ${sizeText({ promptTokens: file.promptTokens ?? 0, sizeUnknown: file.sizeUnknown })}, ${formatCount(file.cacheableTokens ?? 0)} cacheable (${modelLabel(file.model ?? '')})`,
      );
    }
  }
  const checked = files.filter((f) => f.status !== 'skipped').length;
  const skipped = files.length - checked;
  out.push(
    `${countOf(checked, 'file')} checked${skipped ? `, ${formatCount(skipped)} skipped (not prompt files)` : ''}: ` +
      `${countOf(errors, 'error')}, ${countOf(warnings, 'warning')}`,
  );
  return `${out.join('\n')}\n`;
}

export async function checkCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    'min-cacheable': { type: 'string' },
    format: { type: 'string' },
    // `analyze` takes --json; the same habit works here.
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(COMMAND_USAGE.check);
    return EXIT.ok;
  }
  if (values.json && values.format !== undefined && values.format !== 'json') {
    throw new CliError(`--json is short for --format json; it cannot go with --format ${values.format}`, EXIT.badInput, true);
  }
  const format = (values.format ?? (values.json ? 'json' : 'text')) as OutputFormat;
  if (!FORMATS.includes(format)) throw new CliError(`--format must be one of ${FORMATS.join(', ')}`, EXIT.badInput, true);
  if (positionals.length === 0) throw new CliError('check needs files, folders or glob patterns', EXIT.badInput, true);
  const minCacheable = numberOption('min-cacheable', values['min-cacheable'], (n) => Number.isInteger(n) && n >= 0, 'a whole number of tokens (0 or more)');

  const { files, unmatched, emptyDirectories, unreadableFolders } = expandPatterns(positionals, io.cwd);
  for (const pattern of unmatched) io.stderr(`prompt-cache-lens: ${pattern}: no files match\n`);
  for (const { path, code } of unreadableFolders) io.stderr(`prompt-cache-lens: ${path}: folder cannot be read (${code}), not searched\n`);
  for (const dir of emptyDirectories) io.stderr(`prompt-cache-lens: ${dir}: no prompt or source files in this folder\n`);
  if (files.length === 0) throw new CliError('no files to check');

  const options = { model: values.model, maxBytes: maxBytesOption(values['max-size']), minCacheable };
  const results: CheckedFile[] = [];
  for (const file of files) results.push(await checkFile(file, options));

  if (format === 'sarif') io.stdout(`${JSON.stringify(toSarif(results, TOOL_VERSION), null, 2)}\n`);
  else if (format === 'json') io.stdout(jsonOutput({ files: results, exitCode: exitCodeOf(results) }));
  else if (format === 'github') io.stdout(textReport(results, (file) => toGithubAnnotations([file])));
  else io.stdout(textReport(results));
  return exitCodeOf(results);
}

/** `2,087 tokens`, or `size unknown (messages built by \`build\`)` where the messages are built at run time. */
function sizeText(prompt: { promptTokens: number; sizeUnknown?: string }): string {
  return prompt.sizeUnknown ? `size unknown (${prompt.sizeUnknown})` : `${formatCount(prompt.promptTokens)} tokens`;
}
