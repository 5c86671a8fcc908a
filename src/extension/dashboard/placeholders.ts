/** How the dashboard names a file's variables: as the file writes them. No `vscode` import. */
import type { Analysis } from '../../core/analyze';
import { piecesInCacheOrder } from '../../core/cache/prompt-pieces';
import { sourceLanguageOf } from '../../core/sources/languages';

/**
 * Each variable as the file writes it: an interpolation in the source's own syntax (`{question}`
 * in a Python f-string, `${userId}` in a TypeScript template), a template's placeholder as written.
 */
export function placeholdersOf(analysis: Analysis, names: readonly string[]): Record<string, string> {
  const language = sourceLanguageOf(analysis.fileName);
  const written = new Map<string, string>();
  for (const { piece } of piecesInCacheOrder(analysis.request)) {
    for (const span of piece.dynamic) {
      if (span.kind !== 'template-variable' || written.has(span.name)) continue;
      written.set(span.name, piece.text.slice(span.start, span.end));
    }
  }
  const placeholder = (name: string): string => {
    if (language === 'python') return `{${name}}`;
    if (language) return `\${${name}}`;
    const asWritten = written.get(name);
    return asWritten && asWritten !== name ? asWritten : `{{${name}}}`;
  };
  return Object.fromEntries(names.map((name) => [name, placeholder(name)]));
}
