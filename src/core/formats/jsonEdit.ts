import type { Node } from 'jsonc-parser';
import { changedRegion } from '../textMemo';

/**
 * The syntax tree of `text` derived from the tree of `previous` when the two differ only inside
 * one string value, by text that holds no quote, backslash or control character: typing in a
 * prompt. The structure is then the same; the string gets its new value and every node after it
 * moves by the change in length. Undefined when the edit is anything else (then the caller
 * parses afresh). A keystroke in a megabyte request costs a copy of its few nodes, not a parse.
 */
export function treeAfterStringEdit(previous: string, root: Node, text: string): Node | undefined {
  const edit = changedRegion(previous, text);
  if (!edit) return undefined;
  const node = stringNodeAround(root, edit.start, edit.oldEnd);
  if (!node) return undefined;
  if (!plainText(previous, edit.start, edit.oldEnd) || !plainText(text, edit.start, edit.newEnd)) return undefined;
  // A change right after a backslash could be part of an escape (`\n`, `\u00e9`).
  for (let i = Math.max(node.offset + 1, edit.start - 6); i < edit.start; i++) if (previous.charCodeAt(i) === 0x5c) return undefined;
  const delta = edit.newEnd - edit.oldEnd;
  const before = decodedLength(previous, node.offset + 1, edit.start);
  const oldValue = node.value as string;
  const value = oldValue.slice(0, before) + text.slice(edit.start, edit.newEnd) + oldValue.slice(before + edit.oldEnd - edit.start);
  return shifted(root, undefined, edit.start, delta, node, value);
}

/** How many units the string body [start, end) decodes to: each escape is one unit (`\uXXXX` too). */
function decodedLength(source: string, start: number, end: number): number {
  let units = end - start;
  for (let escape = source.indexOf('\\', start); escape >= 0 && escape < end; escape = source.indexOf('\\', escape + 2)) {
    const long = source.charCodeAt(escape + 1) === 0x75; /* u */
    units -= long ? 5 : 1;
    if (long) escape += 4;
  }
  return units;
}

/** The string node whose body (inside its quotes) holds [start, end], if one does. */
function stringNodeAround(root: Node, start: number, end: number): Node | undefined {
  let node: Node | undefined = root;
  while (node) {
    if (node.type === 'string') return node.offset < start && end < node.offset + node.length ? node : undefined;
    node = node.children?.find((child) => child.offset <= start && end <= child.offset + child.length);
  }
  return undefined;
}

/** No quote, backslash or control character in [start, end): the string's bounds and escapes stay. */
function plainText(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c) return false;
  }
  return true;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A copy of `node` with offsets moved for the edit at `at`, and `edited` holding its new value. */
function shifted(node: Node, parent: Node | undefined, at: number, delta: number, edited: Node, value: unknown): Node {
  const copy: Mutable<Node> = { ...node, parent };
  if (node.offset > at) copy.offset += delta;
  else if (node.offset + node.length > at) copy.length += delta;
  if (node.colonOffset !== undefined && node.colonOffset > at) copy.colonOffset = node.colonOffset + delta;
  if (node === edited) copy.value = value;
  if (node.children) copy.children = node.children.map((child) => shifted(child, copy, at, delta, edited, value));
  return copy;
}
