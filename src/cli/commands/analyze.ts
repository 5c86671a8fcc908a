/** `prompt-cache-lens analyze <file> [--model M] [--json]` */
import { analysisToJson, analysisToText } from '../../core/report';
import { CliError, EXIT } from '../errors';
import type { CliIo } from '../io';
import { maxBytesOption, parseCommandArgs } from '../options';
import { analyzeFile } from '../promptFile';
import { analyzeSourceFile, isSourceFileName, sourceAnalysisToJson, sourceAnalysisToText } from '../sourceFile';
import { COMMAND_USAGE } from '../usage';

export async function analyzeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } });
  if (values.help) {
    io.stdout(COMMAND_USAGE.analyze);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new CliError(positionals.length === 0 ? 'analyze needs a file' : 'analyze takes one file', EXIT.badInput, true);
  }
  if (isSourceFileName(positionals[0])) {
    const source = await analyzeSourceFile(positionals[0], { model: values.model, maxBytes: maxBytesOption(values['max-size']) });
    io.stdout(values.json ? `${JSON.stringify(sourceAnalysisToJson(source), null, 2)}\n` : sourceAnalysisToText(source));
    return EXIT.ok;
  }
  const { text, analysis } = await analyzeFile(positionals[0], {
    model: values.model,
    maxBytes: maxBytesOption(values['max-size']),
  });
  io.stdout(
    values.json
      ? `${JSON.stringify(analysisToJson(analysis, { sourceText: text }), null, 2)}\n`
      : analysisToText(analysis, { sourceText: text }),
  );
  return EXIT.ok;
}
