/**
 * The source parser: tree-sitter compiled to WebAssembly (web-tree-sitter) with the Python,
 * TypeScript and TSX grammars. Nothing is loaded until the first source file with an LLM SDK
 * import is analysed; the runtime and each grammar then load once per process.
 *
 * Bundled, the WASM files sit in `dist/parsers/` (esbuild.mjs copies them there); from source they
 * are read from node_modules.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language, Parser, Tree } from 'web-tree-sitter';
import { InputRejectedError } from '../inputRejected';
import type { SourceLanguage } from './languages';

/**
 * The grammars as VS Code ships them (built from tree-sitter-python and tree-sitter-typescript;
 * one package without install scripts, unlike the grammars' own packages).
 */
const GRAMMARS = '@vscode/tree-sitter-wasm/wasm';

/** WASM file of each grammar, as named in its npm package and in `dist/parsers/`. */
const GRAMMAR_FILES: Record<SourceLanguage, { file: string; pkg: string }> = {
  python: { file: 'tree-sitter-python.wasm', pkg: GRAMMARS },
  typescript: { file: 'tree-sitter-typescript.wasm', pkg: GRAMMARS },
  // JavaScript is parsed with the TSX grammar: a superset of JavaScript with JSX.
  javascript: { file: 'tree-sitter-tsx.wasm', pkg: GRAMMARS },
  tsx: { file: 'tree-sitter-tsx.wasm', pkg: GRAMMARS },
};

const RUNTIME_FILE = 'web-tree-sitter.wasm';

/** Every file the build copies to `dist/parsers/`, with the package it comes from. */
export const PARSER_ASSETS: ReadonlyArray<{ file: string; pkg: string }> = [
  { file: RUNTIME_FILE, pkg: 'web-tree-sitter' },
  { file: 'tree-sitter-python.wasm', pkg: GRAMMARS },
  { file: 'tree-sitter-typescript.wasm', pkg: GRAMMARS },
  { file: 'tree-sitter-tsx.wasm', pkg: GRAMMARS },
];

/** `<dir of the bundle>/parsers` when the build put the WASM files there. */
function bundledParserDir(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  if (!here) return undefined;
  const dir = join(here, 'parsers');
  return existsSync(join(dir, RUNTIME_FILE)) ? dir : undefined;
}

function readAsset(file: string, pkg: string, dir: string | undefined): Uint8Array {
  if (dir) return readFileSync(join(dir, file));
  return readFileSync(require.resolve(`${pkg}/${file}`));
}

export interface SourceParser {
  /**
   * The syntax tree of `text`; the caller deletes it when done (it lives in WASM memory). Throws
   * `InputRejectedError` when parsing takes longer than `parseBudgetMs`.
   */
  parse(text: string): Tree;
}

/**
 * How long parsing a text may take: 5 s, and 2 ms more per 1,000 characters. Real files parse far
 * faster (a 2 MB bundle in under a second), but some syntax errors the parser recovers from in
 * time that grows with the square of their size: 8,000 unclosed `x = [` before a run of spaces and
 * a `}` (42 KB) took 44 s.
 */
export function parseBudgetMs(textLength: number): number {
  return 5000 + textLength / 500;
}

let runtime: Promise<typeof import('web-tree-sitter')> | undefined;
const languages = new Map<SourceLanguage, Promise<Language>>();
const parsers = new Map<SourceLanguage, Parser>();

function loadRuntime(dir: string | undefined): Promise<typeof import('web-tree-sitter')> {
  runtime ??= import('web-tree-sitter').then(async (module) => {
    const wasmBinary = readAsset(RUNTIME_FILE, 'web-tree-sitter', dir);
    // Emscripten's module options: the runtime's WASM handed over as bytes, so no file lookup happens.
    await module.Parser.init({ wasmBinary } as Parameters<typeof module.Parser.init>[0]);
    return module;
  });
  return runtime;
}

/**
 * The parser of a language, loaded on first use. `assetDir` is a folder holding the WASM files
 * (defaults to the bundle's `parsers/`, else node_modules).
 */
export async function loadSourceParser(language: SourceLanguage, assetDir?: string): Promise<SourceParser> {
  const dir = assetDir ?? bundledParserDir();
  const module = await loadRuntime(dir);
  let grammar = languages.get(language);
  if (!grammar) {
    const { file, pkg } = GRAMMAR_FILES[language];
    const shared = [...languages.entries()].find(([other]) => GRAMMAR_FILES[other].file === file)?.[1];
    grammar = shared ?? module.Language.load(readAsset(file, pkg, dir));
    languages.set(language, grammar);
  }
  const loaded = await grammar;
  let parser = parsers.get(language);
  if (!parser) {
    parser = new module.Parser();
    parser.setLanguage(loaded);
    parsers.set(language, parser);
  }
  const ready = parser;
  return {
    parse(text) {
      const started = performance.now();
      const budget = parseBudgetMs(text.length);
      // Called now and then while the parser works; true stops it (and `parse` then gives null).
      const tree = ready.parse(text, null, { progressCallback: () => performance.now() - started > budget });
      if (!tree) {
        // A stopped parse would otherwise resume with the next text.
        ready.reset();
        throw new InputRejectedError(
          `Parsing took longer than ${(budget / 1000).toFixed(0)} s, a syntax error the parser recovers from slowly ` +
            '(such as thousands of unclosed brackets): the LLM calls of this file are not analysed.',
          'too-complex',
        );
      }
      return tree;
    },
  };
}
