/**
 * `check` results as SARIF 2.1.0, the format GitHub code scanning uploads
 * (docs.github.com "SARIF support for code scanning"): one run, the rules in `tool.driver.rules`,
 * each result with a physical location whose region is 1-based with an exclusive end column.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckedFile, CheckFinding } from './checkFiles';
import { CHECK_RULES, type CheckRuleId } from './checkRules';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/prompt-cache-lens/prompt-cache-lens';

const LEVELS: Record<CheckFinding['severity'], 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** Relative paths stay relative to the checkout (`%SRCROOT%`); absolute ones become file URLs. */
function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

export function toSarif(files: readonly CheckedFile[], toolVersion: string): object {
  const ruleIds = [...new Set(files.flatMap((f) => f.findings.map((x) => x.rule)))].sort() as CheckRuleId[];
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const results = files.flatMap((file) =>
    file.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule),
      level: LEVELS[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(file.file),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
    })),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'prompt-cache-lens',
            version: toolVersion,
            informationUri: INFORMATION_URI,
            rules: ruleIds.map((id) => ({
              id,
              name: CHECK_RULES[id].name,
              shortDescription: { text: CHECK_RULES[id].description },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
