/** Small readings of TypeScript / JavaScript syntax nodes shared by the library readers. */
import type { Node } from 'web-tree-sitter';

/** Expressions that stand for the value inside them. */
const TRANSPARENT = new Set(['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

/** A call's arguments, comments left out. */
export const argumentsOf = (call: Node): Node[] => call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];

/** The value inside brackets, `await`, `as T`, `satisfies T` and `!`. */
export function unwrapped(node: Node): Node {
  let inner = node;
  while (TRANSPARENT.has(inner.type)) {
    const child = inner.namedChildren.find((c) => c.type !== 'comment' && !c.type.endsWith('type') && c.type !== 'type_annotation');
    if (!child) break;
    inner = child;
  }
  return inner;
}
