import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importsLlmSdk, sourceLanguageOf } from '../../../src/core/sources/languages';
import { isPerRequestExpression, PerRequestCalls } from '../../../src/core/sources/perRequestCalls';
import { loadSourceParser } from '../../../src/core/sources/treeSitter';
import type { Node } from 'web-tree-sitter';

describe('source languages and the SDK pre-check', () => {
  it('knows the file types by name', () => {
    assert.equal(sourceLanguageOf('a/app.py'), 'python');
    assert.equal(sourceLanguageOf('app.ts'), 'typescript');
    assert.equal(sourceLanguageOf('App.tsx'), 'tsx');
    for (const name of ['a.js', 'a.mjs', 'a.cjs']) assert.equal(sourceLanguageOf(name), 'javascript');
    assert.equal(sourceLanguageOf('types.d.ts'), undefined);
    assert.equal(sourceLanguageOf('prompt.prompty'), undefined);
  });

  it('finds SDK imports in Python', () => {
    assert.ok(importsLlmSdk('import openai\n', 'python'));
    assert.ok(importsLlmSdk('x = 1\nfrom anthropic import Anthropic\n', 'python'));
    assert.ok(importsLlmSdk('from litellm import completion\n', 'python'));
    assert.ok(!importsLlmSdk('import openapi_client\n# from openai import x is only mentioned\n', 'python'));
  });

  it('finds SDK imports in TypeScript and JavaScript', () => {
    assert.ok(importsLlmSdk("import OpenAI from 'openai';", 'typescript'));
    assert.ok(importsLlmSdk('const A = require("@anthropic-ai/sdk");', 'javascript'));
    assert.ok(importsLlmSdk("import { generateText } from 'ai';", 'tsx'));
    assert.ok(importsLlmSdk("import { openai } from '@ai-sdk/openai';", 'typescript'));
    assert.ok(!importsLlmSdk("import x from 'openai-like';\nimport y from './ai';", 'typescript'));
  });

  it('names the calls that change on every request', () => {
    for (const expression of ['datetime.now()', 'datetime.datetime.utcnow()', 'date.today()', 'time.time()', 'uuid.uuid4()', 'uuid4()', 'random.choice(x)', 'Date.now()', 'new Date()', 'new Date().toISOString()', 'crypto.randomUUID()', 'Math.random()']) {
      assert.ok(isPerRequestExpression(expression), expression);
    }
    for (const expression of ['user.name', 'question', 'len(items)', 'new Date(created)']) assert.ok(!isPerRequestExpression(expression), expression);
  });

  it('the calls found once in a file tell of every expression in it what reading its text tells', async () => {
    const files: Array<['python' | 'typescript', string]> = [
      ['python', 'import random, uuid\nfrom datetime import datetime\nx = f"{datetime.now():%H} {uuid.uuid4()} {random.choice(random.random())}"\ny = uuid.uuid4 ()\nz = str(str(datetime . now ( )))\nw = "datetime.now() in a text" + date.today().isoformat()\nv = mydatetime.now()\n'],
      ['typescript', 'const a = new Date;\nconst b = new Date ;\nconst c = (new Date).getTime() + String(new Date(created));\nconst d = `${Date.now()}-${crypto.randomUUID()}`;\nconst e = Math.random() > 0.5 ? nanoid() : uuidv4();\nconst f = new Date\n  .toString();\nconst g = xnew Date();\n'],
    ];
    for (const [language, text] of files) {
      const tree = (await loadSourceParser(language)).parse(text);
      const calls = new PerRequestCalls(text);
      let perRequest = 0;
      const visit = (node: Node) => {
        const expected = isPerRequestExpression(node.text);
        assert.equal(calls.within(node.startIndex, node.endIndex), expected, `${node.type} ${JSON.stringify(node.text)}`);
        if (expected) perRequest++;
        for (const child of node.children) if (child) visit(child);
      };
      visit(tree.rootNode);
      tree.delete();
      assert.ok(perRequest > 20, `${perRequest} per-request nodes`);
    }
  });
});
