/**
 * Template control tags (`{% if %}`, `{% for %}`, `{{#each}}` ...) are not sent: only the branch
 * or the repetitions they choose are. So a closing tag, an `else` or a tag that reads no input
 * changes nothing from one request to the next; a branch or a loop changes the text only through
 * the inputs its expression reads.
 */

/** Words of Jinja and Handlebars expressions that are not inputs. */
const NOT_INPUTS = new Set([
  'and', 'or', 'not', 'in', 'is', 'if', 'else', 'true', 'false', 'none', 'True', 'False', 'None',
  'loop', 'range', 'this', 'recursive',
]);

/** Jinja statements and Handlebars block helpers that choose text by their expression. */
const BRANCHES = new Set(['if', 'unless', 'for', 'each']);

/** A Jinja statement tag without its delimiters and whitespace-control marks; undefined for other text. */
export function jinjaTagBody(tag: string): string | undefined {
  const jinja = /^\{%[-+]?([\s\S]*?)[-+]?%\}$/.exec(tag);
  return jinja ? jinja[1].trim() : undefined;
}

/** The tag without its delimiters and whitespace-control marks: `if x == 1`, `#each items`, `/items`. */
function tagBody(tag: string): string {
  const jinja = jinjaTagBody(tag);
  if (jinja !== undefined) return jinja;
  const mustache = /^\{\{~?([\s\S]*?)~?\}\}$/.exec(tag);
  return (mustache ? mustache[1] : tag).trim();
}

/** The names a `for` binds: `a, (b)` → a, b. */
export function loopTargets(targets: string): string[] {
  return targets.split(',').map((target) => target.trim().replace(/^\(|\)$/g, ''));
}

/** Root names of the variables an expression reads: `user.tier == "Patron" and vip|default(false)` → user, vip. */
export function expressionInputs(expression: string): string[] {
  const withoutStrings = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const names = new Set<string>();
  const pattern = /[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*/g;
  for (let m = pattern.exec(withoutStrings); m; m = pattern.exec(withoutStrings)) {
    const before = withoutStrings.slice(0, m.index).trimEnd();
    // A filter (`| upper`), an attribute after a call or index (`x[0].name`), a test (`is defined`).
    if (/[|.\]\)]$/.test(before) || /\bis(?:\s+not)?$/.test(before)) continue;
    const root = m[0].split('.')[0];
    const path = m[0];
    // A bare function (`range(3)`, `lookup(...)`) is a helper, not an input.
    if (!path.includes('.') && /^\s*\(/.test(withoutStrings.slice(m.index + path.length))) continue;
    if (NOT_INPUTS.has(root) || /^\d/.test(root)) continue;
    names.add(root);
  }
  return [...names];
}

/**
 * The inputs a control tag's choice depends on; empty for a tag that chooses nothing (closing
 * tags, `else`, `set`, `include`, a branch on constants), and for an `elif` (its `if` is where the
 * text starts to vary). `tag` is the tag as written, delimiters included.
 */
export function controlTagInputs(tag: string): string[] {
  let body = tagBody(tag);
  // Mustache sections (`{{#items}}`, `{{^items}}`) are a branch or loop on one name.
  const mustache = /^[#^]\s*([A-Za-z_][\w.]*)$/.exec(body);
  if (mustache) return expressionInputs(mustache[1]);
  body = body.replace(/^#\s*/, '');
  const keyword = /^[A-Za-z_]+/.exec(body)?.[0];
  if (!keyword || !BRANCHES.has(keyword)) return [];
  let expression = body.slice(keyword.length);
  if (keyword === 'for') {
    // `for a, b in items if a` : the loop targets are not inputs.
    const loop = /^\s*(.+?)\s+in\s+([\s\S]*)$/.exec(expression);
    if (!loop) return [];
    const targets = new Set(loopTargets(loop[1]));
    return expressionInputs(loop[2]).filter((name) => !targets.has(name));
  }
  if (keyword === 'each') expression = expression.replace(/\bas\s*\|[^|]*\|/, '');
  return expressionInputs(expression);
}
