/**
 * `check` results as GitHub Actions workflow commands (docs.github.com "Workflow commands for GitHub
 * Actions": `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`): each finding
 * becomes an annotation on its line in the pull request's diff and the run's summary, with no
 * upload step and no code scanning needed. A command's message escapes `%`, CR and LF; its
 * properties also `:` and `,`.
 */
import type { CheckedFile, CheckFinding } from './checkFiles';

const COMMANDS: Record<CheckFinding['severity'], 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One annotation command a finding, each on its own line; a file that could not be read is an error on the file. */
export function toGithubAnnotations(files: readonly CheckedFile[]): string[] {
  return files.flatMap((file) =>
    file.findings.map((f) => {
      const properties = [
        `file=${escapeProperty(file.file)}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(`Prompt Cache Lens: ${f.rule}`)}`,
      ];
      return `::${COMMANDS[f.severity]} ${properties.join(',')}::${escapeData(f.message)}`;
    }),
  );
}
