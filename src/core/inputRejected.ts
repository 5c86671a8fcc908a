/**
 * The input is refused: too large, binary, or source code too slow to parse. In a file of its own
 * so the extension host can recognise the worker's refusals without bundling the analysis itself.
 */
export class InputRejectedError extends Error {
  constructor(
    message: string,
    readonly reason: 'too-large' | 'binary' | 'too-complex',
  ) {
    super(message);
    this.name = 'InputRejectedError';
  }
}
