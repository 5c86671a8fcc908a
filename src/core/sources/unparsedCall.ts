/**
 * An LLM call a syntax error keeps from being read, as the editor and the command line report it.
 * Light on purpose: the extension's activation bundle shows these without loading the analysis.
 */
export interface UnparsedSourceCall {
  /** 1-based line and column of the callee. */
  line: number;
  column: number;
  callee: string;
  /** Where the first syntax error is, 1-based. */
  error: { line: number; column: number };
}

/** Why a call's request could not be rebuilt; the position of the call comes before it. */
export function unparsedCallMessage(call: UnparsedSourceCall): string {
  return `could not parse the LLM call ${call.callee} (syntax error at ${call.error.line}:${call.error.column})`;
}
