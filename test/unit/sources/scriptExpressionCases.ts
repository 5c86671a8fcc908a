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
/** The second set (`generate(true)`): its own seed, so the first set's cases stay as they were. */
const SELECTIONS_SEED = 20_260_322;
export const SELECTION_CASES = 700;
/** The third set (`generate('methods')`), from a third seed. */
const METHODS_SEED = 20_260_323;
export const METHOD_CASES = 700;

const WORDS = ['Answer', 'briefly', 'the', 'user', 'cite', 'sources', 'in', 'French', 'rule', 'tone', 'JSON', 'Step', 'café', 'Straße', '中文', 'ok', 'A', 'x'];
const SPECIALS = [' ', '  ', '\n', '\t', "'", '"', '`', '\\', '{', '}', '${', '$', '%', ':', '-', '.', ',', '\u00e9', '\u00df', '\u4e2d', '\u{1F600}',
  '\u00a0', '\u2014', '\u2022', '\u2192', '\u0000', '\u001f', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u200b', '\r', '\u000b', '\u000c',
  '\u0130', '\u03a3', '\ufb01', '$&', '$1'];

type Kind = 'str' | 'num' | 'bool' | 'null' | 'undefined' | 'list_str' | 'list_mixed' | 'list_num' | 'obj_str' | 'obj_json' | 'obj_deep' | 'num_text' | 'spaced';

class Generator {
  unsupported = false;
  /** The text depends on the call's argument `question`: the reader must leave it to the program. */
  runTime = false;
  readonly names = new Set<string>();

  constructor(
    private readonly next: () => number,
    private readonly pool: Map<string, [Kind, string]>,
    /** The second set also chooses, indexes, slices, filters and splits. */
    private readonly extended = false,
    /** The third set also reads optional chains, `typeof`, `??`, nested templates, mapped joins, `String`, `Number(...).toFixed` and trims. */
    private readonly methods = false,
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
    // A template whose field chooses (the second set only).
    if (this.extended && !raw && this.next() < 0.25) {
      return `\`${this.escapedText()}\${${this.condition()} ? ${this.strExpr(depth + 1)} : ${this.anyValue(depth + 1)}}${this.escapedText()}\``;
    }
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
    if (this.methods) {
      makers.push(
        [16, () => this.chained()],
        [10, () => this.typed(depth)],
        [10, () => this.nullish(depth)],
        [10, () => this.nested(depth)],
        [14, () => this.mappedJoin()],
        [8, () => `String(${this.anyValue(depth + 1)})`],
        [12, () => this.fixed()],
        [10, () => this.trimmed(depth)],
      );
    }
    if (this.extended) {
      makers.push(
        [16, () => this.chosen(depth)],
        [12, () => this.sliced(depth)],
        [10, () => this.item()],
        [12, () => this.filtered()],
        [12, () => this.pieces(depth)],
      );
    }
    let pick = this.next() * makers.reduce((sum, [w]) => sum + w, 0);
    for (const [weight, make] of makers) {
      pick -= weight;
      if (pick <= 0) return make();
    }
    return makers[0][1]();
  }

  /** `a || b`, `a && b`, `a ?? b`, `a ? b : c` over values that may be empty or false. */
  choice(depth: number): string {
    const first = this.pick(['""', '0', '-0', 'false', 'null', 'undefined', '[]', '{}', 'NaN', this.const('str'), this.const('num'), this.const('bool'), this.strExpr(depth + 1)]);
    const operator = this.pick(['||', '||', '&&', '??']);
    if (this.next() < 0.15) {
      // `NaN` is a global the reader does not read.
      if (first === 'NaN') this.unsupported = true;
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
    const call = this.pick(['padStart(12, "*")', 'slice(1, 4)', 'normalize("NFD")', 'at(0) ?? ""', 'split(" ").reverse().join(" ")']);
    // Methods the reader does not compute: left to the program.
    if (call.startsWith('normalize') || call.includes('reverse')) this.unsupported = true;
    return `${subject}.${call}`;
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

  /** A few words of text written inside a template literal. */
  escapedText(): string {
    const chars = [...this.text(this.int(0, 2))];
    return chars.map((ch, i) => this.escaped(ch, '`', chars[i + 1])).join('');
  }

  /** A condition over known values: a value's truth, comparisons (`===`, `==`, `<` on mixed types too), `includes`, `!`, `&&` / `||`. */
  condition(depth = 0): string {
    const roll = this.next();
    if (depth === 0 && roll < 0.1) return `${this.condition(1)} ${this.pick(['&&', '||'])} ${this.condition(1)}`;
    if (depth === 0 && roll < 0.18) return `${this.pick(['!', '!!'])}(${this.condition(1)})`;
    const compare = () => this.pick(['===', '!==', '==', '!=', '<', '<=', '>', '>=']);
    const makers: Array<() => string> = [
      () => this.pick([this.const('str'), this.const('num'), this.const('bool'), this.const('null'), this.const('undefined'), this.const('list_str'), this.const('obj_str'),
        '""', "''", '" "', '0', '-0', '1', 'null', 'undefined', '[]', '{}', '[0]', '"0"', '"false"', `${this.const('list_str')}.length`]),
      () => `${this.number()} ${compare()} ${this.number()}`,
      () => `${this.const('str')} ${compare()} ${this.pick([this.const('str'), this.literal(this.text(this.int(0, 2)))])}`,
      () => `${this.pick([this.const('str'), this.const('num'), this.const('bool'), this.const('null'), this.const('undefined'), '"10"', '""', '"1"', 'true', 'null'])} ${compare()} ${this.pick([this.const('num'), '9', '0', '1', 'null', 'undefined', '"10"', '""', 'false', this.const('str')])}`,
      () => `${this.pick([this.const('str'), this.const('list_str'), this.const('list_mixed'), this.const('list_num')])}.includes(${this.pick([this.literal(this.pick(['a', ' ', '', 'é', '\u{1F600}', 'x'])), this.const('str'), '1', '0', '-0', 'null', 'undefined', '"1"'])})`,
      () => `${this.const('str')}.${this.pick(['startsWith', 'endsWith'])}(${this.literal(this.pick(['A', 'b', '', ' ', 'JSON']))})`,
      () => `${this.pick([this.const('str'), this.const('list_str')])}.length ${compare()} ${this.pick(['0', '1', '2', '3', '5'])}`,
    ];
    return this.pick(makers)();
  }

  /** `c ? a : b`, the condition known; now and then a branch not taken is the call's argument. */
  chosen(depth: number): string {
    let [a, b] = [this.strExpr(depth + 1), this.strExpr(depth + 1)];
    if (this.next() < 0.08) {
      // Whether the text is known depends on the branch taken.
      this.unsupported = true;
      [a, b] = this.next() < 0.5 ? [a, 'question'] : ['question', b];
    }
    return `(${this.condition()} ? ${a} : ${b})`;
  }

  /** An argument of `slice`, `substring`, `at`: numbers of any sign, past either end, and values JavaScript turns into one. */
  bound(): string {
    return this.pick(['0', '1', '2', '3', '5', '-1', '-2', '-3', '-100', '100', '2.7', '-0', 'undefined', 'null', '"2"', 'true', this.const('num')]);
  }

  /** `slice`, `substring`, `at`, `charAt` of a string, `slice` of an array joined. */
  sliced(depth: number): string {
    const subject = this.pick([this.const('str'), this.const('str'), `(${this.strExpr(depth + 1)})`, this.literal(this.text(this.int(2, 6)))]);
    const args = () => Array.from({ length: this.int(0, 2) }, () => this.bound()).join(', ');
    const roll = this.next();
    if (roll < 0.35) return `${subject}.slice(${args()})`;
    if (roll < 0.55) return `${subject}.substring(${args()})`;
    if (roll < 0.65) return `(${subject}.at(${this.bound()}) ?? ${this.literal('-')})`;
    if (roll < 0.75) return `${subject}.charAt(${this.bound()})`;
    return `${this.pick([this.const('list_str'), this.const('list_mixed'), this.const('list_num')])}.slice(${args()}).join(${this.pick(['', '", "', '"|"'])})`;
  }

  /** `xs[i]`, `s[i]`, `o.key`, `o["key"]` and what they print. */
  item(): string {
    const index = () => this.pick(['0', '1', '2', '-1', '5', '"1"', '1.5', `${this.const('list_str')}.length - 1`]);
    const roll = this.next();
    if (roll < 0.25) return `String(${this.pick([this.const('list_str'), this.const('list_mixed'), this.const('list_num')])}[${index()}])`;
    if (roll < 0.4) return `(${this.const('str')}[${index()}] ?? ${this.literal('none')})`;
    if (roll < 0.6) {
      this.names.add('J0');
      this.names.add('J1');
      return this.pick(['J0.name', 'J0["name"]', 'String(J0.tags[1])', 'String(J0.nested["é"])', 'String(J0.gone)', 'String(J0.missing)', 'String(J1[10])', 'String(J1["-1"])', '`${J0.n * 2}`', 'J0.tags[0].toUpperCase()']);
    }
    const key = this.pick(['formal', 'brief', '"été"', 'b', 'a', '"10"', '2', 'tone']);
    const object = this.const('obj_str');
    if (roll < 0.85) return `String(${object}[${/^[a-z]/.test(key) ? `"${key}"` : key}])`;
    return /^[a-z]/.test(key) ? `(${object}.${key} ?? ${this.literal('-')})` : `(${object}[${key}] || ${this.literal('x')})`;
  }

  /** `filter` with arrow predicates (an index too), `filter(Boolean)`, and what is joined of it. */
  filtered(): string {
    const separator = this.pick(['', '", "', '"\\n"', '" | "']);
    const predicate = this.pick([
      '(x) => x.length > 2', '(x) => x', 'x => !x.includes(" ")', '(x, i) => i % 2 === 0', '(x, i) => i > 0 && x !== ""', '(x) => x.trim()',
      '(x) => x < "m"', '(x) => x.startsWith("A") || x.endsWith(" ")', 'function (x) { return x.length !== 3; }', 'Boolean',
    ]);
    const roll = this.next();
    if (roll < 0.55) return `${this.const('list_str')}.filter(${predicate}).join(${separator})`;
    if (roll < 0.7) return `${this.const('list_mixed')}.filter(${this.pick(['Boolean', '(n) => n', '(n) => n !== null', '(n) => n == null', '(n, i) => i < 3'])}).join(${separator})`;
    if (roll < 0.85) return `Object.entries(${this.const('obj_str')}).filter(([k, v]) => ${this.pick(['v.length > 2', 'k !== "b"', 'v.includes(" ")', 'k < v'])}).map(([k, v]) => \`\${k}=\${v}\`).join(${separator})`;
    return `${this.const('list_num')}.filter((n) => n ${this.pick(['>', '<=', '!==', '==='])} ${this.pick(['0', '2', '"3"', '-1'])}).join(${separator})`;
  }

  /** `split` (by text, with a limit, by ""), joined or printed, `trim` and its one-sided forms around it. */
  pieces(depth: number): string {
    const subject = this.pick([this.const('str'), this.const('str'), this.literal(this.text(this.int(2, 7))), `(${this.strExpr(depth + 1)})`]);
    const at = this.literal(this.pick([' ', ',', '\n', 'a', '  ', 'é', 'ok', ', ', '\u{1F600}', '']));
    const joiner = this.pick(['', '"-"', '", "', '"|"']);
    const roll = this.next();
    if (roll < 0.45) return `${subject}.split(${at}${this.pick(['', '', ', 2', ', 0', ', undefined'])}).join(${joiner})`;
    if (roll < 0.55) return `${subject}.split(${this.pick(['', 'undefined', 'null', '1'])}).join(${joiner})`;
    if (roll < 0.65) return `String(${subject}.split(${at}))`;
    if (roll < 0.8) return `${subject}.split("\\n").map((l) => l.${this.pick(['trim', 'trimStart', 'trimEnd'])}()).filter(Boolean).join(${joiner})`;
    if (roll < 0.9) return `${subject}.${this.pick(['trim', 'trimStart', 'trimEnd'])}().split(" ")[${this.pick(['0', '1', '-1'])}] ?? ""`;
    this.unsupported = true;
    return `${subject}.split(/\\s+/).join(${joiner})`;
  }

  /** A text that depends on `question`: the whole expression stays left to the program, no branch guessed. */
  runTimeExpr(): string {
    this.runTime = true;
    const condition = this.pick(['question', 'question === "question"', 'question.length > 3', 'question.includes("q")', 'question.startsWith("q")', '!question',
      'question == null', `FLAG && question`, `question > ${this.const('str')}`, `${this.const('list_str')}.includes(question)`, 'question !== ""', '(question || "")']);
    this.names.add('FLAG');
    const core = this.pick([
      () => `(${condition} ? ${this.strExpr(2)} : ${this.strExpr(2)})`,
      () => `\`<\${${condition} ? ${this.literal('yes')} : ${this.literal('no')}}>\``,
      () => `["a", "q", "z"].filter((x) => question.includes(x)).join(", ")`,
      () => `question.slice(${this.bound()}${this.next() < 0.5 ? `, ${this.bound()}` : ''})`,
      () => `(question[${this.pick(['0', '-1', '2'])}] ?? "")`,
      () => `question.split(${this.pick(['""', '"s"', '" "'])}).join("-")`,
      () => `(question.at(-1) ?? "")`,
      () => `question.substring(2)`,
    ])();
    return this.pick([core, `${this.literal(this.text(2))} + ${core}`, `${core} + ${this.literal(this.text(2))}`]);
  }

  /** A key of the deep object: one it has, one it does not, one whose value is null or undefined. */
  deepKey(): string {
    return this.pick(['user', 'none', 'gone', 'n', 's', 'list', 'missing']);
  }

  /** Optional chains (`o?.a`, `o?.[k]`, `o?.a?.b`, `s?.trim()`, `xs?.[i]`) on values that may be null or undefined, printed. */
  chained(): string {
    const deep = this.const('obj_deep');
    const nullish = this.pick([this.const('null'), this.const('undefined'), `${deep}.none`, `${deep}.gone`, `${deep}.missing`]);
    const fallback = this.literal(this.pick(['-', 'none', '']));
    const roll = this.next();
    if (roll < 0.2) return `String(${deep}?.${this.deepKey()}?.${this.pick(['name', 'tags', 'age', 'zip'])})`;
    if (roll < 0.35) return `(${deep}?.[${this.literal(this.deepKey())}]?.${this.pick(['name', 'length', 'x'])} ?? ${fallback})`;
    if (roll < 0.5) return `\`\${${nullish}?.name.first ?? ${fallback}}|\${${deep}.user?.tags?.[${this.pick(['0', '1', '5', '-1'])}]}\``;
    if (roll < 0.62) return `(${this.pick([this.const('str'), nullish])}?.${this.pick(['trim()', 'toUpperCase()', 'slice(1)', 'length'])} ?? ${fallback}) + ""`;
    if (roll < 0.75) return `String(${this.pick([this.const('list_str'), this.const('list_mixed'), nullish])}?.[${this.pick(['0', '1', '2', '-1'])}])`;
    if (roll < 0.87) return `String(${nullish}?.a.b.c)`;
    return `\`\${${deep}.list?.map((x, i) => \`\${i}:\${x}\`).join(", ") ?? ${fallback}}\``;
  }

  /** `typeof` of values of every kind, printed or compared. */
  typed(depth: number): string {
    const subject = this.pick([this.anyValue(depth + 1), this.const('obj_deep'), `${this.const('obj_deep')}.${this.deepKey()}`, this.const('num_text'), '[]', '{}', 'null']);
    if (this.next() < 0.6) return `typeof ${subject.startsWith('(') || /^[\w.]+$/.test(subject) ? subject : `(${subject})`}`;
    return `(typeof ${this.const('obj_deep')}.${this.deepKey()} === ${this.literal(this.pick(['string', 'object', 'undefined', 'number']))} ? ${this.strExpr(depth + 1)} : ${this.strExpr(depth + 1)})`;
  }

  /** `a ?? b` chains over members that are null, undefined, 0, "" or there. */
  nullish(depth: number): string {
    const deep = this.const('obj_deep');
    const left = () => this.pick([`${deep}.${this.deepKey()}`, this.const('null'), this.const('undefined'), this.const('str'), '0', '""', 'false', this.const('num')]);
    return `String(${left()} ?? ${this.next() < 0.5 ? `${left()} ?? ` : ''}${this.strExpr(depth + 1)})`;
  }

  /** Templates with templates in their fields, two and three deep. */
  nested(depth: number): string {
    const inner = (level: number): string =>
      level > 2 || this.next() < 0.3
        ? this.pick([this.const('str'), this.number(), `${this.const('list_str')}.length`, this.literal(this.text(1))])
        : `\`${this.escapedText()}\${${inner(level + 1)}}${this.escapedText()}${this.next() < 0.4 ? `\${${inner(level + 1)}}` : ''}\``;
    return `\`${this.escapedText()}\${${inner(depth)}}${this.escapedText()}\``;
  }

  /** `.map(...)` with the index (and the array) then `.join(...)`, `map(String)`, `map(Number)`. */
  mappedJoin(): string {
    const separator = this.pick(['', '", "', '"\\n"', 'undefined', '" | "']);
    const body = this.pick(['`${i + 1}. ${x}`', '`${i}/${all.length}: ${x}`', 'i === all.length - 1 ? `and ${x}` : x', '`${x}`.padStart(i + 2, "*")', 'String(i).repeat(2) + x', '`[${all[all.length - 1 - i]}]`']);
    const roll = this.next();
    if (roll < 0.5) return `${this.pick([this.const('list_str'), this.const('list_mixed'), this.const('list_num')])}.map((x, i, all) => ${body}).join(${separator})`;
    if (roll < 0.65) return `${this.pick([this.const('list_mixed'), this.const('list_num'), this.const('list_str')])}.map(${this.pick(['String', 'Number', 'Boolean'])}).join(${separator})`;
    if (roll < 0.8) return `Object.entries(${this.pick([this.const('obj_str'), this.const('obj_json')])}).map(([k, v], i) => \`\${i}) \${k} = \${v}\`).join(${separator})`;
    return `${this.const('list_str')}.map((x, i) => (i % 2 ? x.toUpperCase() : x.trim())).join(${separator})`;
  }

  /** `Number(x)` of texts, booleans, null and undefined, then `toFixed`, `toString` or printed. */
  fixed(): string {
    const subject = `Number(${this.pick([this.const('num_text'), this.const('num_text'), this.const('num'), this.number(), 'true', 'null', this.const('undefined'), '""', this.const('str')])})`;
    const roll = this.next();
    if (roll < 0.55) return `${subject}.toFixed(${this.pick(['', '0', '1', '2', '3', '4'])})`;
    if (roll < 0.7) return `${subject}.toString()`;
    return `\`\${${subject}} \${${subject}.toFixed(${this.pick(['1', '2'])})}\``;
  }

  /** `trim`, `trimStart` and `trimEnd` of texts that begin or end with every kind of space (and some that are none). */
  trimmed(depth: number): string {
    const subject = this.pick([this.const('spaced'), this.const('spaced'), this.const('str'), `(${this.strExpr(depth + 1)})`]);
    const method = this.pick(['trim', 'trimStart', 'trimEnd']);
    return this.next() < 0.7 ? `${subject}.${method}()` : `\`[\${${subject}.${method}()}]\``;
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

/** Constants only the third set reads: a deep object with null and undefined members, number texts, spaced texts. */
function methodsPool(pool: Map<string, [Kind, string]>): void {
  pool.set('O0', ['obj_deep', '{ user: { name: "Ada", tags: ["x", "y"], age: 0 }, none: null, gone: undefined, n: 0, s: "", list: ["a", "b"] }']);
  pool.set('O1', ['obj_deep', '{ user: null, list: null, n: 2.5 }']);
  ['"3.14159"', '" 12 "', '""', '"0x1f"', '"1e3"', '"abc"', '"-0"', '"1_000"', '"\\n7\\t"', '"Infinity"'].forEach((value, i) => pool.set(`T${i}`, ['num_text', value]));
  ['"  a b  "', '"\\u00a0x\\ufeff"', '"\\u2028y\\u3000\\n"', '"\\u180ez\\u200b"', '"\\t\\v\\f w \\r\\n"', '"\\u1680\\u2000\\u205f v\\u0085"'].forEach((value, i) => pool.set(`SP${i}`, ['spaced', value]));
  pool.set('I0', ['list_num', '[3, 1, 2.5, -0, 1e21]']);
}

/** Constants only the second set reads: arrays of numbers, an object with known keys. */
function extraPool(pool: Map<string, [Kind, string]>): void {
  pool.set('I0', ['list_num', '[3, 1, 2]']);
  pool.set('I1', ['list_num', '[10, -4, 0, -0, 2.5, 7]']);
  pool.set('I2', ['list_num', '[]']);
  pool.set('D4', ['obj_str', '{ formal: "Use titles.", brief: "No preamble.", b: "" }']);
}

export interface Case {
  prelude: string;
  expression: string;
  /** False when it uses a construct the reader leaves to the program on purpose. */
  supported: boolean;
  /** How the file's lines end. */
  lineEnd: '\n' | '\r\n';
  /** The text depends on the call's argument `question`: the reader must leave it to the program. */
  runTime: boolean;
}

/**
 * The first set of cases; with `selections`, the second, which also chooses, indexes, slices,
 * filters and splits; with `methods`, the third (optional chains, `typeof`, `??`, nested templates,
 * mapped joins, `String`, `Number(...).toFixed`, trims).
 */
export function generate(set: boolean | 'methods' = false): Case[] {
  const selections = set === true;
  const methods = set === 'methods';
  const next = seededRandom(selections ? SELECTIONS_SEED : methods ? METHODS_SEED : SEED);
  const pool = makePool(next);
  if (selections) extraPool(pool);
  if (methods) methodsPool(pool);
  const count = selections ? SELECTION_CASES : methods ? METHOD_CASES : CASES;
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (let tries = 0; cases.length < count && tries < count * 20; tries++) {
    const gen = new Generator(next, pool, selections, methods);
    const expression = selections && next() < 0.15 ? gen.runTimeExpr() : gen.strExpr();
    if (seen.has(expression) || expression.length > 400) continue;
    seen.add(expression);
    // The constants it reads, and those they read, in the pool's order.
    const wanted = new Set(gen.names);
    for (const [name, [, value]] of [...pool].reverse()) if (wanted.has(name)) for (const used of value.match(/\b[A-Z]+\d*\b/g) ?? []) if (pool.has(used)) wanted.add(used);
    const prelude = [...pool].filter(([name]) => wanted.has(name)).map(([name, [, value]]) => `let ${name} = ${value};`).join('\n');
    // Some files are saved with Windows line endings.
    cases.push({ prelude, expression, supported: !gen.unsupported, lineEnd: next() < 0.1 ? '\r\n' : '\n', runTime: gen.runTime });
  }
  return cases;
}

/** What the program sends: the expression run by this Node after the constants, in a fresh context, with the call's argument. */
export function truth({ prelude, expression, lineEnd }: Case): string | undefined {
  try {
    const value: unknown = runInNewContext(`${prelude}\n;(${expression})`.replace(/\n/g, lineEnd), { question: 'question' }, { timeout: 1000 });
    return typeof value === 'string' && value.length <= 2000 ? value : undefined;
  } catch {
    return undefined;
  }
}
