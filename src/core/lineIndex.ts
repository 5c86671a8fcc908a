/** Offset ↔ line/column conversion for one text, with the line starts computed once. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    // indexOf skips ahead far faster than a loop over every character (files reach megabytes).
    if (!text.includes('\r')) {
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
        this.starts.push(newline + 1);
      }
      return;
    }
    // `\r\n` and a lone `\r` end lines too, as in editors.
    for (const match of text.matchAll(/\r\n?|\n/g)) this.starts.push(match.index + match[0].length);
  }

  /**
   * 1-based line and column (in UTF-16 units) of an offset. An offset between the `\r` and the `\n`
   * of a line break (where the parser may place a syntax error) is the end of its line.
   */
  position(offset: number): { line: number; column: number } {
    let clamped = Math.max(0, Math.min(offset, this.text.length));
    if (clamped > 0 && this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13) clamped--;
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column. */
  offset(line: number, column: number): number {
    const start = this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
    return Math.min(this.text.length, start + Math.max(0, column - 1));
  }
}
