/**
 * What a Python file imports from one package (`from agents import Runner as R`, `import
 * instructor as inst`), read once per file and package, and the package name an expression
 * refers to through those imports.
 */
import type { Node } from 'web-tree-sitter';
import type { PythonProgram } from './pythonProgram';

export interface PackageImports {
  /** Local names of what the file imports from the package (or its submodules), to the imported name. */
  names: Map<string, string>;
  /** Names the package itself is imported as (`import instructor`, `import instructor as inst`). */
  modules: Set<string>;
}

const cache = new WeakMap<PythonProgram, Map<string, PackageImports>>();

/** The file's imports from `pkg`, read once. */
export function packageImports(program: PythonProgram, pkg: string): PackageImports {
  let byPackage = cache.get(program);
  if (!byPackage) cache.set(program, (byPackage = new Map()));
  const cached = byPackage.get(pkg);
  if (cached) return cached;
  const found: PackageImports = { names: new Map(), modules: new Set() };
  for (const statement of program.tree.rootNode.descendantsOfType(['import_from_statement', 'import_statement'])) {
    if (!statement) continue;
    if (statement.type === 'import_from_statement') {
      const module = statement.childForFieldName('module_name')?.text ?? '';
      if (module !== pkg && !module.startsWith(`${pkg}.`)) continue;
      for (const name of statement.childrenForFieldName('name')) {
        const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
        const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
        if (imported && local) found.names.set(local, imported);
      }
    } else {
      for (const name of statement.namedChildren) {
        const module = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
        const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
        if (module === pkg && local) found.modules.add(local);
      }
    }
  }
  byPackage.set(pkg, found);
  return found;
}

/** The package's name an identifier or `module.attribute` refers to (`Runner`, `instructor.patch`), or undefined. */
export function importedName(node: Node | null | undefined, imports: PackageImports): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return imports.names.get(node.text);
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    if (object?.type === 'identifier' && imports.modules.has(object.text)) return node.childForFieldName('attribute')?.text;
  }
  return undefined;
}
