/**
 * The input is refused before parsing (too large, binary). In a file of its own so the extension
 * host can recognise the worker's refusals without bundling the analysis itself.
 */
export class InputRejectedError extends Error {
  constructor(
    message: string,
    readonly reason: 'too-large' | 'binary',
  ) {
    super(message);
    this.name = 'InputRejectedError';
  }
}
