/**
 * Random JavaScript expressions of the kind prompt code writes (string and template literals with
 * their escapes, `String.raw`, `+`, `.repeat`, `.join`, `.map` with arrows, `Object.entries`,
 * `JSON.stringify`, case and `replace`, numbers printed in text) over module-level constants, and
 * what this Node makes of each. Seeded: the same cases every run.
 */
import { runInNewContext } from 'node:vm';
import { seededRandom } from './helpers';

const SEED = 20_260_321;
export const CASES = 700;

const WORDS = ['Answer', 'briefly', 'the', 'user', 'cite', 'sources', 'in', 'French', 'rule', 'tone', 'JSON', 'Step', 'café', 'Straße', '中文', 'ok', 'A', 'x'];
const SPECIALS = [' ', '  ', '\n', '\t', "'", '"', '`', '\\', '{', '}', '${', '$', '%', ':', '-', '.', ',', '\u00e9', '\u00df', '\u4e2d', '\u{1F600}',
  '\u00a0', '\u2014', '\u2022', '\u2192', '\u0000', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u200b', '\r', '\u000b', '\u000c',
  '\u0130', '\u03a3', '\ufb01', '$&', '$1'];

type Kind = 'str' | 'num' | 'bool' | 'null' | 'undefined' | 'list_str' | 'list_mixed' | 'obj_str' | 'obj_json';

class Generator {
  unsupported = false;
  readonly names = new Set<string>();

  constructor(
    private readonly next: () => number,
    private readonly pool: Map<string, [Kind, string]>,
  ) {}

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  int(from: number, to: number): number {
    return from + Math.floor(this.next() * (to - from + 1));
  }

  text(size = this.int(0, 6), specials = true): string {
    let out = '';
    for (let i = 0; i < size; i++) {
      out += specials && this.next() < 0.35 ? this.pick(SPECIALS) : this.pick(WORDS);
      if (this.next() < 0.5) out += ' ';
    }
    return out;
  }

  /** One character of a quoted string or template, written one of the ways JavaScript reads as it. */
  escaped(ch: string, quote: string, nextChar: string | undefined): string {
    const code = ch.codePointAt(0)!;
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    const roll = this.next();
    if (ch === '\\') return nextChar !== undefined && 'dws(-_ '.includes(nextChar) && roll < 0.1 ? '' : '\\\\';
    if (ch === quote) return `\\${ch}`;
    if (quote === '`' && ch === '$' && nextChar === '{') return '\\$';
    if (ch === '\n') return quote === '`' && roll < 0.6 ? '\n' : '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return roll < 0.3 ? '\t' : '\\t';
    if (ch === '\u000b') return roll < 0.5 ? '\\v' : '\\x0b';
    if (ch === '\u000c') return roll < 0.5 ? '\\f' : '\\x0c';
    if (ch === '\u0000') return nextChar !== undefined && /[0-9]/.test(nextChar) ? '\\x00' : roll < 0.5 ? '\\0' : '\\u0000';
    if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
    if ((ch === "'" || ch === '"') && roll < 0.2) return `\\${ch}`;
    if (code > 0x7f) {
      if (roll < 0.2) return `\\u{${hex(code, this.int(1, 6)).toUpperCase()}}`;
      if (roll < 0.35 && code <= 0xffff) return `\\u${hex(code, 4)}`;
      if (roll < 0.4 && code <= 0xff) return `\\x${hex(code, 2)}`;
      if (code === 0x2028 || code === 0x2029 || code === 0xfeff) return `\\u${hex(code, 4)}`;
      return ch;
    }
    if (roll < 0.03) return `\\x${hex(code, 2)}`;
    if (roll < 0.05 && /[a-z]/i.test(ch) && !'bfnrtvux'.includes(ch)) return `\\${ch}`;
    return ch;
  }

  literal(text: string): string {
    const quote = this.pick(["'", '"', '`']);
    let body = '';
    const chars = [...text];
    chars.forEach((ch, i) => {
      body += this.escaped(ch, quote, chars[i + 1]);
      // A backslash at the end of a line continues the string, adding nothing.
      if (this.next() < 0.03) body += '\\\n';
    });
    return quote + body + quote;
  }

  const(kind: Kind): string {
    const names = [...this.pool].filter(([, [k]]) => k === kind).map(([name]) => name);
    const name = this.pick(names);
    this.names.add(name);
    return name;
  }

  number(): string {
    const roll = this.next();
    if (roll < 0.3) return this.const('num');
    if (roll < 0.55) return String(this.pick([0, 1, 2, 3, 7, 42, 255, 1000, 12345, 0.5, 0.1, 2.5, 1e21, 1e-7, 123456.789, 1.5e300]));
    if (roll < 0.65) return this.pick(['-0', '-1', '-2.5', '-1e-7']);
    if (roll < 0.75) return `${this.const('list_str')}.length`;
    const op = this.pick(['+', '-', '*', '/', '%', '**']);
    const b = op === '**' ? String(this.int(0, 60)) : this.pick(['0.2', '3', '7', '0.1', '1e21', '2']);
    return `(${this.pick(['0.1', '1', '3', '10', '2', this.const('num')])} ${op} ${b})`;
  }

  /** Any value a template's `${}` or `+` turns into text. */
  anyValue(depth: number): string {
    const roll = this.next();
    if (roll < 0.3) return this.number();
    if (roll < 0.4) return this.pick(['true', 'false', this.const('bool')]);
    if (roll < 0.47) return this.pick(['null', this.const('null')]);
    if (roll < 0.52) return this.pick(['undefined', this.const('undefined')]);
    if (roll < 0.6) return this.pick([this.const('list_str'), this.const('list_mixed'), `[${this.number()}, ${this.literal('a')}]`, '[]', '[[1, 2], [3]]', '[null, undefined, 0]']);
    if (roll < 0.63) {
      this.unsupported = true;
      return this.pick([this.const('obj_str'), '{}']);
    }
    return this.strExpr(depth + 1);
  }

  template(depth: number, raw = false): string {
    let body = '';
    for (let n = this.int(1, 4); n > 0; n--) {
      if (this.next() < 0.5) {
        const chars = [...this.text(this.int(0, 3))];
        chars.forEach((ch, i) => {
          if (raw) {
            // In String.raw a backslash stays, and must not end the text or escape a backtick.
            body += ch === '`' ? 'q' : ch === '$' && chars[i + 1] === '{' ? '$ ' : ch === '\\' ? '\\\\' : /[\0-\x08\x0b-\x1f\x7f]/.test(ch) ? '' : ch;
          } else body += this.escaped(ch, '`', chars[i + 1]);
        });
        if (raw && this.next() < 0.2) body += this.pick(['\\n', '\\t', '\\u00e9', '\\d']);
      } else {
        body += `\${${this.anyValue(depth)}}`;
      }
    }
    return `${raw ? 'String.raw' : ''}\`${body}\``;
  }

  strExpr(depth = 0): string {
    if (depth >= 3) return this.next() < 0.5 ? this.literal(this.text()) : this.const('str');
    const makers: Array<[number, () => string]> = [
      [8, () => this.literal(this.text())],
      [7, () => this.template(depth)],
      [2, () => this.template(depth, true)],
      [5, () => this.const('str')],
      [6, () => `${this.strExpr(depth + 1)} + ${this.strExpr(depth + 1)}`],
      [4, () => (this.next() < 0.5 ? `${this.strExpr(depth + 1)} + ${this.anyValue(depth + 1)}` : `${this.anyValue(depth + 1)} + ${this.strExpr(depth + 1)}`)],
      [3, () => `(${this.strExpr(depth + 1)}).repeat(${this.pick(['0', '1', '2', '3', '2.7', 'true', 'null', this.const('num')])})`],
      [7, () => this.join(depth)],
      [5, () => this.method(depth)],
      [5, () => this.stringify()],
      [3, () => `String(${this.anyValue(depth + 1)})`],
      [2, () => `(${this.strExpr(depth + 1)}).concat(${this.anyValue(depth + 1)}${this.next() < 0.5 ? `, ${this.anyValue(depth + 1)}` : ''})`],
      [2, () => `(${this.pick([this.const('null'), this.const('undefined'), 'null'])} ?? ${this.strExpr(depth + 1)})`],
      [2, () => this.choice(depth)],
    ];
    let pick = this.next() * makers.reduce((sum, [w]) => sum + w, 0);
    for (const [weight, make] of makers) {
      pick -= weight;
      if (pick <= 0) return make();
    }
    return makers[0][1]();
  }

  /** `a || b`, `a && b`, `a ?? b` over values that may be empty or false; `a ? b : c` is left to the program. */
  choice(depth: number): string {
    const first = this.pick(['""', '0', '-0', 'false', 'null', 'undefined', '[]', '{}', 'NaN', this.const('str'), this.const('num'), this.const('bool'), this.strExpr(depth + 1)]);
    const operator = this.pick(['||', '||', '&&', '??']);
    if (this.next() < 0.15) {
      this.unsupported = true;
      return `(${first} ? ${this.strExpr(depth + 1)} : ${this.strExpr(depth + 1)})`;
    }
    return `(${first} ${operator} ${this.strExpr(depth + 1)})`;
  }

  method(depth: number): string {
    const subject = `(${this.strExpr(depth + 1)})`;
    const roll = this.next();
    if (roll < 0.45) return `${subject}.${this.pick(['trim', 'trimStart', 'trimEnd', 'toUpperCase', 'toLowerCase'])}()`;
    if (roll < 0.9) {
      const old = this.literal(this.pick([' ', 'a', 'e', '\n', '.', 'the', '{', 'é', '中', '$']));
      const replacement = this.literal(this.pick(['', '_', '--', 'E', '\t', 'ü', '$$', '$&']));
      return `${subject}.${this.pick(['replace', 'replaceAll'])}(${old}, ${replacement})`;
    }
    // Methods the reader does not compute: left to the program.
    this.unsupported = true;
    return `${subject}.${this.pick(['padStart(12, "*")', 'slice(1, 4)', 'normalize("NFD")', 'at(0) ?? ""', 'split(" ").reverse().join(" ")'])}`;
  }

  list(depth: number): string {
    const roll = this.next();
    if (roll < 0.2) return this.const('list_str');
    if (roll < 0.3) return this.const('list_mixed');
    if (roll < 0.4) return `[${Array.from({ length: this.int(0, 3) }, () => this.anyValue(depth + 2)).join(', ')}]`;
    if (roll < 0.55) {
      const body = this.pick(['`- ${x}`', '`${i + 1}. ${x}`', 'x.toUpperCase()', '"* " + x', '`${x}`.trim()', '[x, i]', 'i', 'x.length']);
      const callback = this.pick([`(x, i) => ${body}`, `(x, i) => (${body})`, `function (x, i) { return ${body}; }`, `x => ${body.replace(/\bi\b/g, '0')}`]);
      return `${this.const('list_str')}.map(${callback})`;
    }
    if (roll < 0.75) {
      const object = this.pick([this.const('obj_str'), this.const('obj_json')]);
      const body = this.pick(['`${k}: ${v}`', 'k + "=" + v', '`${k.toUpperCase()} -> ${v}`', '[k, v].join(":")', 'JSON.stringify(v)']);
      return `Object.entries(${object}).map(([k, v]) => ${body})`;
    }
    if (roll < 0.85) return `Object.${this.pick(['keys', 'values'])}(${this.pick([this.const('obj_str'), this.const('obj_json')])})`;
    if (roll < 0.9) return `${this.const('list_mixed')}.map((n) => \`<\${n}>\`)`;
    if (roll < 0.95) return `${this.const('list_str')}.concat(${this.const('list_str')}, ${this.literal('z')})`;
    this.unsupported = true;
    return `${this.const('list_str')}.filter((x) => x.length > 2)`;
  }

  join(depth: number): string {
    const list = this.list(depth);
    const separator = this.pick(['', '"\\n"', '", "', '""', '" | "', "'\\n- '", this.const('str'), 'undefined', 'null', '0']);
    return `${list}.join(${separator})`;
  }

  jsonValue(depth = 0): string {
    const roll = this.next();
    if (depth > 2 || roll < 0.35) {
      return this.pick([this.literal(this.text(this.int(0, 3))), String(this.int(-5, 1_000_000)), this.pick(['0.5', '-0', '1e21', '1e-7', '3.14159', '1.5e300']), 'true', 'false', 'null', 'undefined', this.const('str'), this.const('num')]);
    }
    if (roll < 0.5) return this.pick([this.const('list_str'), this.const('obj_str'), this.const('obj_json'), this.const('list_mixed')]);
    if (roll < 0.75) return `[${Array.from({ length: this.int(0, 3) }, () => this.jsonValue(depth + 1)).join(', ')}]`;
    const keys = Array.from({ length: this.int(0, 4) }, () => this.pick(['name', 'type', 'b', 'a', '"été"', '"10"', '2', '"k\\"q"', '"-1"', '1.5']));
    return `{ ${keys.map((k) => `${k}: ${this.jsonValue(depth + 1)}`).join(', ')} }`;
  }

  stringify(): string {
    const options = this.pick(['', ', null, 2', ', null, 4', ', undefined, "\\t"', ', null, "--"', ', null, 0', ', null, 20', ', null, "abcdefghijkl"', ', null, 2.5', ', null, -1', ', null']);
    return `JSON.stringify(${this.jsonValue()}${options})`;
  }
}

function makePool(next: () => number): Map<string, [Kind, string]> {
  const gen = new Generator(next, new Map());
  const pool = new Map<string, [Kind, string]>();
  for (let i = 0; i < 10; i++) pool.set(`S${i}`, ['str', gen.literal(gen.text(gen.int(0, 8)))]);
  [0, 3, -7, 0.1, 2.5, 1e21, -0, 123456.789, 1e-7].forEach((n, i) => pool.set(`N${i}`, ['num', Object.is(n, -0) ? '-0' : String(n)]));
  pool.set('FLAG', ['bool', 'true']);
  pool.set('OFF', ['bool', 'false']);
  pool.set('NOTHING', ['null', 'null']);
  pool.set('MISSING', ['undefined', 'undefined']);
  for (let i = 0; i < 5; i++) pool.set(`L${i}`, ['list_str', `[${Array.from({ length: gen.int(0, 4) }, () => gen.literal(gen.text(gen.int(1, 5)))).join(', ')}]`]);
  pool.set('M0', ['list_mixed', '[1, 2.5, -3, true, null, "x", undefined, [4, [5]]]']);
  pool.set('M1', ['list_mixed', '[0.1, 1e21, -0, "it\'s", false, 0.30000000000000004]']);
  for (let i = 0; i < 4; i++) {
    const keys = ['formal', 'brief', '"été"', 'b', 'a', '"10"', '2', '"k\\"q"', 'tone'].filter(() => next() < 0.4);
    pool.set(`D${i}`, ['obj_str', `{ ${keys.map((k) => `${k}: ${gen.literal(gen.text(gen.int(1, 4)))}`).join(', ')} }`]);
  }
  pool.set('J0', ['obj_json', '{ name: "Ada", tags: ["x", "y"], n: 2, ok: false, none: null, pi: 3.5, nested: { "é": [1, {}], b: [] }, gone: undefined }']);
  pool.set('J1', ['obj_json', '{ 10: "ten", 2: "two", b: -0, a: 1e21, "-1": [undefined, null] }']);
  // Built at module level from other constants.
  pool.set('P0', ['str', '"Intro: ";\nP0 += S0;\nP0 += 2;\nP0 += L0']);
  pool.set('P1', ['list_str', '["first"];\nP1.push(S1, S2);']);
  pool.set('C0', ['num', '5;\nC0 += 2;\nC0 += N1']);
  return pool;
}

export interface Case {
  prelude: string;
  expression: string;
  /** False when it uses a construct the reader leaves to the program on purpose. */
  supported: boolean;
  /** How the file's lines end. */
  lineEnd: '\n' | '\r\n';
}

export function generate(): Case[] {
  const next = seededRandom(SEED);
  const pool = makePool(next);
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (let tries = 0; cases.length < CASES && tries < CASES * 20; tries++) {
    const gen = new Generator(next, pool);
    const expression = gen.strExpr();
    if (seen.has(expression) || expression.length > 400) continue;
    seen.add(expression);
    // The constants it reads, and those they read, in the pool's order.
    const wanted = new Set(gen.names);
    for (const [name, [, value]] of [...pool].reverse()) if (wanted.has(name)) for (const used of value.match(/\b[A-Z]+\d*\b/g) ?? []) if (pool.has(used)) wanted.add(used);
    const prelude = [...pool].filter(([name]) => wanted.has(name)).map(([name, [, value]]) => `let ${name} = ${value};`).join('\n');
    // Some files are saved with Windows line endings.
    cases.push({ prelude, expression, supported: !gen.unsupported, lineEnd: next() < 0.1 ? '\r\n' : '\n' });
  }
  return cases;
}

/** What the program sends: the expression run by this Node after the constants, in a fresh context. */
export function truth({ prelude, expression, lineEnd }: Case): string | undefined {
  try {
    const value: unknown = runInNewContext(`${prelude}\n;(${expression})`.replace(/\n/g, lineEnd), {}, { timeout: 1000 });
    return typeof value === 'string' && value.length <= 2000 ? value : undefined;
  } catch {
    return undefined;
  }
}
