/**
 * Python's `str.format` and `%` formatting on text with source offsets: each replacement field is
 * filled with the argument's text when it is known, and otherwise stays as written, marked as a
 * placeholder at the field (where the value will be in the prompt).
 */
import type { DynamicKind, SourceRange } from '../model';
import { isDailyExpression } from './perRequestCalls';
import { pythonField, pythonPercent } from './pythonText';
import { asText, heldEntries, isConstant, knownItems, pythonValueOf, sliceOf, spreadText, TextBuilder, type StaticText, type StaticValue } from './staticValue';

export interface FormatArguments {
  positional: StaticValue[];
  named: Map<string, StaticValue>;
  /** Told when a known value's field is kept as written: Python prints it in a way not reproduced. */
  unprinted?: () => void;
  /** Every name there is, is here: a field naming none stays as written (`safe_substitute`). */
  missingAsWritten?: boolean;
}

interface Field {
  start: number;
  end: number;
  /** Positional index or name; '' for an automatic `{}` field. */
  key: string;
  /** What follows the `:` of a `{}` field (`%Y-%m-%d`). */
  formatSpec?: string;
  /** A `{}` field's `!r`, `!s` or `!a` (the letter). */
  conversion?: string;
  /** What a `{}` field reads of its argument: `.name` or `[id]`, chained. */
  accessor?: string;
  /** A `%` field's conversion as written (`%-8s`). */
  percent?: string;
}

/** A known value's text in `field` as Python writes it; undefined when that is not reproduced. */
function printed(value: StaticValue, field: Field): string | undefined {
  const python = pythonValueOf(value);
  if (!python) return undefined;
  return field.percent !== undefined ? pythonPercent(python, field.percent) : pythonField(python, field.conversion, field.formatSpec ?? '');
}

/** A field that writes its value's own text unchanged: `{}`, `{name}`, `%s` of a str. */
function plainField(value: StaticValue, field: Field): boolean {
  if (field.conversion || field.formatSpec || (value.kind !== 'text' && value.kind !== 'scalar')) return false;
  if (field.percent === undefined) return true;
  return field.percent === '%s' && (value.kind === 'text' || value.kind === 'scalar');
}

/** Fills fields found in the literal parts of `template` (never inside placeholders). */
function fill(template: StaticText, fields: Field[], args: FormatArguments, source: string, range: SourceRange, literal: (from: number, to: number) => StaticText): StaticText {
  const builder = new TextBuilder(range);
  let cursor = 0;
  let automatic = 0;
  for (const field of fields) {
    builder.append(literal(cursor, field.start));
    const key = field.key === '' ? String(automatic++) : field.key;
    const argument = /^\d+$/.test(key) ? args.positional[Number(key)] : args.named.get(key);
    const value = argument && field.accessor ? itemOf(argument, field.accessor) : argument;
    const fieldText = sliceOf(template, field.start, field.end);
    // A text with parts only the program knows is written as it is by a plain field, and not printed by any other.
    const known =
      value &&
      (value.kind === 'scalar' || (value.kind === 'text' && (value.dynamic.length === 0 || plainField(value, field))) || ((value.kind === 'list' || value.kind === 'object') && pythonValueOf(value) !== undefined));
    const text = value && known && !plainField(value, field) ? printed(value, field) : undefined;
    if (value && known && plainField(value, field)) {
      builder.append(asText(value, source));
    } else if (text !== undefined) {
      builder.append(spreadText(text, { start: fieldText.offsets[0], end: fieldText.offsets[fieldText.text.length] }));
    } else if (!argument && args.missingAsWritten && !field.accessor) {
      builder.append({ ...fieldText, dynamic: [] });
    } else if (value && known) {
      // Known, but printed in a way not reproduced: counted as written, the same on every request.
      args.unprinted?.();
      builder.append({ ...fieldText, dynamic: [] });
    } else if (value && isConstant(value)) {
      // Only the running program knows it, but it is computed when the module loads (or from
      // values that are): counted as written, the same on every request, as in an f-string.
      builder.append({ ...fieldText, dynamic: [] });
    } else {
      const perRequest = value?.kind === 'unknown' && value.perRequest;
      const kind: DynamicKind = perRequest ? 'per-request-value' : 'template-variable';
      const name = value?.kind === 'unknown' ? value.expression : key;
      // A clock reading the field formats as a date (`{0:%Y-%m-%d}`), or a date already: the same all day.
      const daily = perRequest && (field.formatSpec ? isDailyExpression(name, field.formatSpec) : value.daily === true);
      builder.append({ ...fieldText, dynamic: [{ start: 0, end: fieldText.text.length, kind, name, ...(daily ? { daily: true as const } : {}) }] });
    }
    cursor = field.end;
  }
  builder.append(literal(cursor, template.text.length));
  return builder.build();
}

/**
 * The literal text between fields, with the second unit of each doubled escape (`{{`, `%%`, `$$`)
 * at `doubled` dropped.
 */
function undoubled(template: StaticText, doubled: readonly number[]): (from: number, to: number) => StaticText {
  return (from, to) => {
    const builder = new TextBuilder(template.range);
    let cursor = from;
    for (const at of doubled) {
      if (at < from || at >= to) continue;
      builder.append(sliceOf(template, cursor, at + 1));
      cursor = at + 2;
    }
    builder.append(sliceOf(template, cursor, Math.max(cursor, to)));
    return builder.build();
  };
}

function insideDynamic(template: StaticText, i: number): boolean {
  return template.dynamic.some((d) => i >= d.start && i < d.end);
}

/** `"Hello {name}, {0}".format(...)`; `{{` and `}}` are single braces. */
export function formatFields(template: StaticText, args: FormatArguments, source: string, range: SourceRange): StaticText {
  const fields: Field[] = [];
  const braces: number[] = [];
  const text = template.text;
  for (let i = 0; i < text.length; i++) {
    if (insideDynamic(template, i)) continue;
    if ((text[i] === '{' || text[i] === '}') && text[i + 1] === text[i]) {
      braces.push(i);
      i++;
      continue;
    }
    if (text[i] !== '{') continue;
    const close = text.indexOf('}', i);
    if (close < 0) break;
    const inner = text.slice(i + 1, close);
    // `{key[.attr|[item]][!conversion][:spec]}`
    const [, key, accessor, conversion, spec] = /^([^!:[.]*)([.[][^!:]*)?(?:!([^:]*))?(?::(.*))?$/s.exec(inner) ?? [, inner, undefined, undefined, undefined];
    fields.push({
      start: i,
      end: close + 1,
      key: (key ?? '').trim(),
      ...(spec !== undefined ? { formatSpec: spec } : {}),
      ...(conversion !== undefined ? { conversion } : {}),
      ...(accessor ? { accessor } : {}),
    });
    i = close;
  }
  // `{{` becomes `{`.
  return fill(template, fields, args, source, range, undoubled(template, braces));
}

/** `"Hello %s, %(name)s" % args`; `%%` is one percent sign. */
export function percentFields(template: StaticText, args: FormatArguments, source: string, range: SourceRange): StaticText {
  const fields: Field[] = [];
  const percents: number[] = [];
  const text = template.text;
  const pattern = /%(?:\(([^)]*)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[hlL]?([diouxXeEfFgGcrsa%])/g;
  let automatic = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (insideDynamic(template, m.index)) continue;
    if (m[2] === '%') {
      percents.push(m.index);
      continue;
    }
    fields.push({ start: m.index, end: m.index + m[0].length, key: m[1] ?? String(automatic++), percent: m[0].replace(/^%\([^)]*\)/, '%') });
  }
  return fill(template, fields, args, source, range, undoubled(template, percents));
}

/**
 * `{0[name]}` / `{0[2]}` of a known dict or list, chained; undefined for an attribute (`.name`) or
 * an item that is not there.
 */
function itemOf(value: StaticValue, accessor: string): StaticValue | undefined {
  let current: StaticValue | undefined = value;
  for (const [, key] of accessor.matchAll(/\[([^\]]*)\]|\..*/g)) {
    if (key === undefined || !current) return undefined;
    if (current.kind === 'list') {
      current = /^\d+$/.test(key) ? knownItems(current)?.[Number(key)] : undefined;
    } else {
      // Digits look up an int key, which a dict of str keys does not have.
      current = /^\d+$/.test(key) ? undefined : heldEntries(current, 'python')?.find(([k]) => k === key)?.[1];
    }
  }
  return current;
}

/**
 * `string.Template(text).substitute(...)` / `.safe_substitute(...)`: `$name` and `${name}` fields
 * (ASCII identifiers, any case), `$$` one dollar sign; a `$` that starts no field stays as written.
 */
export function templateFields(template: StaticText, args: FormatArguments, source: string, range: SourceRange): StaticText {
  const fields: Field[] = [];
  const dollars: number[] = [];
  const pattern = /\$(?:(\$)|([_a-z][_a-z0-9]*)|\{([_a-z][_a-z0-9]*)\})/gi;
  for (let m = pattern.exec(template.text); m; m = pattern.exec(template.text)) {
    if (insideDynamic(template, m.index)) continue;
    if (m[1]) dollars.push(m.index);
    else fields.push({ start: m.index, end: m.index + m[0].length, key: m[2] ?? m[3] });
  }
  return fill(template, fields, args, source, range, undoubled(template, dollars));
}
