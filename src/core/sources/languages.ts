/**
 * Which source files can hold LLM calls, and the cheap test that decides whether one is worth
 * parsing: a file that imports no LLM SDK costs one regular-expression scan and nothing more.
 */

export type SourceLanguage = 'python' | 'typescript' | 'tsx' | 'javascript';

const EXTENSIONS: ReadonlyArray<[RegExp, SourceLanguage]> = [
  [/\.py$/i, 'python'],
  [/\.(?:ts|mts|cts)$/i, 'typescript'],
  [/\.tsx$/i, 'tsx'],
  [/\.(?:js|mjs|cjs|jsx)$/i, 'javascript'],
];

/** The language of a source file by its name, or undefined for anything else. */
export function sourceLanguageOf(fileName: string): SourceLanguage | undefined {
  if (/\.d\.[cm]?ts$/i.test(fileName)) return undefined;
  return EXTENSIONS.find(([pattern]) => pattern.test(fileName))?.[1];
}

export function isSourceFileName(fileName: string): boolean {
  return sourceLanguageOf(fileName) !== undefined;
}

/**
 * `import openai`, `from anthropic import Anthropic`, `from litellm import completion`, `from langchain_core.prompts import ...`,
 * `from agents import Agent, Runner` (the OpenAI Agents SDK), `import instructor` (its `from_provider` client
 * needs no SDK import of the file's own).
 */
const PYTHON_SDK_IMPORT = /^[ \t]*(?:from|import)[ \t]+(?:openai|anthropic|litellm|langchain[\w.]*|agents|instructor)\b/m;

/**
 * `from 'openai'`, `require("@anthropic-ai/sdk")`, `from 'ai'`, `from '@ai-sdk/openai'`, `from '@azure/openai'`,
 * `from '@langchain/openai'`, `from 'langchain/chat_models/universal'`, `from '@openai/agents'`.
 */
const SCRIPT_SDK_IMPORT = /(?:\bfrom|\bimport|\brequire\s*\()\s*['"](?:openai|@anthropic-ai\/sdk|ai|@ai-sdk\/[\w-]+|@azure\/openai|@langchain\/[\w-]+|langchain|@openai\/agents(?:-[\w]+)?)(?:\/[\w./-]*)?['"]/;

/** Whether the text imports an LLM SDK: the pre-check before any parsing. */
export function importsLlmSdk(text: string, language: SourceLanguage): boolean {
  return (language === 'python' ? PYTHON_SDK_IMPORT : SCRIPT_SDK_IMPORT).test(text);
}
