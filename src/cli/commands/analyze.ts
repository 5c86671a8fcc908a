/** `prompt-cache-lens analyze <file> [--model M] [--json] [--verbose] [--count-with-provider [--count-base-url URL]]` */
import { analysisToJson, analysisToText } from '../../core/report';
import { CliError, EXIT } from '../errors';
import type { CliIo } from '../io';
import { jsonOutput } from '../jsonOutput';
import { maxBytesOption, parseCommandArgs } from '../options';
import { analyzeFile } from '../promptFile';
import { countAll, countBaseUrlOption, ProviderCounting, providerCountJson } from '../providerCounting';
import { analyzeSourceFile, callLocations, isSourceFileName, sourceAnalysisToJson, sourceAnalysisToText } from '../sourceFile';
import { COMMAND_USAGE } from '../usage';

export async function analyzeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: 'boolean' },
    verbose: { type: 'boolean' },
    'count-with-provider': { type: 'boolean' },
    'count-base-url': { type: 'string' },
  });
  if (values.help) {
    io.stdout(COMMAND_USAGE.analyze);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new CliError(positionals.length === 0 ? 'analyze needs a file' : 'analyze takes one file', EXIT.badInput, true);
  }
  const countBaseUrl = countBaseUrlOption(values['count-base-url']);
  if (countBaseUrl !== undefined && !values['count-with-provider']) {
    throw new CliError('--count-base-url needs --count-with-provider', EXIT.badInput, true);
  }
  const counting = values['count-with-provider'] ? new ProviderCounting({ baseUrl: countBaseUrl, env: io.env ?? process.env }) : undefined;
  const options = { model: values.model, maxBytes: maxBytesOption(values['max-size']) };

  if (isSourceFileName(positionals[0])) {
    const source = await analyzeSourceFile(positionals[0], options);
    const locations = callLocations(source);
    const prompts = source.result.prompts.map(({ analysis }, i) => ({ analysis, where: locations[i] }));
    const { figures, failure } = counting ? await countAll(counting, prompts, source.text) : { figures: undefined, failure: undefined };
    io.stdout(values.json ? jsonOutput(sourceAnalysisToJson(source, figures)) : sourceAnalysisToText(source, figures, values.verbose));
    // The offline analysis is printed first, so a failed count still leaves the report in the log.
    if (failure) throw failure;
    return EXIT.ok;
  }

  const { path, text, analysis } = await analyzeFile(positionals[0], options);
  const { figures, failure } = counting ? await countAll(counting, [{ analysis, where: path }], text) : { figures: undefined, failure: undefined };
  const figure = figures?.[0];
  if (values.json) {
    const json = {
      ...analysisToJson(analysis, { sourceText: text }),
      ...(counting ? { providerCount: figure ? providerCountJson(analysis.promptTokens, figure) : null } : {}),
    };
    io.stdout(jsonOutput(json));
  } else {
    io.stdout(analysisToText(analysis, { sourceText: text, providerFigure: figure, verbose: values.verbose }));
  }
  if (failure) throw failure;
  return EXIT.ok;
}
