import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { checkStrictSchema } from '../../../src/core/cache';
import { parsePrompt } from '../../../src/core/formats';
import { strictSchemaFindings } from '../../../src/core/cache/strict-schema-findings';
import { loadCorpus } from '../../recordedCorpus';
import { onlyPrompt } from '../sources/helpers';

const problemsOf = (schema: unknown) => checkStrictSchema(schema).problems;

const chat = (body: Record<string, unknown>) => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], ...body }, null, 2);

const tool = (parameters: unknown, strict?: boolean) => ({
  type: 'function',
  function: { name: 'set_permissions', description: 'Set permissions.', parameters, ...(strict === undefined ? {} : { strict }) },
});

async function strictFindings(fileName: string, text: string) {
  return (await analyzePrompt({ fileName, text })).findings.filter((f) => f.rule === 'strict-schema-rejected');
}

/** The permissions tool's parameters once the Quick Fix has made them strict. */
const PERMISSIONS_FIXED = {
  type: 'object',
  properties: { path: { type: 'string' }, permissions: { type: 'object', properties: { read: { type: 'boolean' } }, additionalProperties: false, required: ['read'] } },
  required: ['path', 'permissions'],
  additionalProperties: false,
};

describe('strict schemas OpenAI refuses (strict-schema-rejected)', () => {
  it('a strict tool whose property is not required is an error naming the property, where it is and what to do', async () => {
    const parameters = { type: 'object', properties: { path: { type: 'string' }, mode: { type: 'string' } }, required: ['path'], additionalProperties: false };
    const [finding, ...rest] = await strictFindings('request.json', chat({ tools: [tool(parameters, true)] }));
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /tool `set_permissions` are sent with `strict: true`, and OpenAI rejects the request \(400\)/);
    assert.match(finding.message, /`mode` is not in `required` of the object at the root of the schema/);
    assert.match(finding.message, /`\.nullable\(\)` in place of `\.optional\(\)`/);
    // On the key that names the schema, not the whole tool.
    const text = chat({ tools: [tool(parameters, true)] });
    const at = text.indexOf('"parameters"');
    assert.equal(finding.line, text.slice(0, at).split('\n').length);
    assert.equal(finding.end?.line, finding.line);
  });

  it('a nested object without additionalProperties: false is named by its path, as the API names it', () => {
    const schema = {
      type: 'object',
      properties: { permissions: { type: 'object', properties: { read: { type: 'boolean' } }, required: ['read'] } },
      required: ['permissions'],
      additionalProperties: false,
    };
    assert.deepEqual(problemsOf(schema), [{ kind: 'additionalProperties', path: ['properties', 'permissions'] }]);
  });

  it('objects inside arrays, unions and $defs are checked, in the order written; the count of the rest is given', async () => {
    const loose = { type: 'object', properties: { a: { type: 'string' } } };
    const schema = {
      type: 'object',
      properties: { list: { type: 'array', items: loose }, either: { anyOf: [loose, { type: 'null' }] } },
      required: ['list', 'either'],
      additionalProperties: false,
      $defs: { Named: loose },
    };
    const problems = problemsOf(schema);
    assert.deepEqual(
      problems.map((p) => `${p.kind} ${p.path.join('.')}`),
      [
        'additionalProperties properties.list.items',
        'required properties.list.items',
        'additionalProperties properties.either.anyOf.0',
        'required properties.either.anyOf.0',
        'additionalProperties $defs.Named',
        'required $defs.Named',
      ],
    );
    const [finding] = await strictFindings('request.json', chat({ tools: [tool(schema, true)] }));
    assert.match(finding.message, /at properties › list › items does not say `"additionalProperties": false`.* \(5 more places to fix\)/);
  });

  it('an object with no properties written is refused; an empty one and a map are accepted', () => {
    assert.deepEqual(problemsOf({ type: 'object', additionalProperties: false }), [{ kind: 'properties', path: [] }]);
    assert.deepEqual(problemsOf({ type: 'object', properties: {}, required: [], additionalProperties: false }), []);
    // As recorded: a strict schema with a map property, answered by the API.
    const map = { type: 'object', properties: { input: { type: ['object', 'null'], additionalProperties: { type: 'string' } } }, required: ['input'], additionalProperties: false };
    assert.deepEqual(problemsOf(map), []);
  });

  it('a structured-output schema must be an object at its root', async () => {
    const [finding] = await strictFindings(
      'request.json',
      chat({ response_format: { type: 'json_schema', json_schema: { name: 'Answer', strict: true, schema: { anyOf: [{ type: 'string' }, { type: 'number' }] } } } }),
    );
    assert.match(finding.message, /response schema `Answer` .* the root of a structured-output schema must be an object/);
  });

  it('only an explicit strict: true is checked: strict false, no strict, and the Responses default are not', async () => {
    const loose = { type: 'object', properties: { mode: { type: 'string' } } };
    assert.deepEqual(await strictFindings('request.json', chat({ tools: [tool(loose, false), tool(loose)] })), []);
    const responses = JSON.stringify({ model: 'gpt-4.1', input: 'Hi', tools: [{ type: 'function', name: 'set_permissions', parameters: loose }] });
    assert.deepEqual(await strictFindings('request.responses.json', responses), []);
    const format = JSON.stringify({ model: 'gpt-4.1', input: 'Hi', text: { format: { type: 'json_schema', name: 'Out', strict: true, schema: loose } } });
    const [onResponses] = await strictFindings('request.responses.json', format);
    assert.match(onResponses.message, /response schema `Out`/);
  });

  it("a model of another OpenAI-compatible server gets a warning, and Claude's requests are not checked", async () => {
    const loose = { type: 'object', properties: { mode: { type: 'string' } }, additionalProperties: false };
    const request = parsePrompt('request.json', chat({ model: 'llama3.1:8b', tools: [tool(loose, true)] }));
    const [finding] = strictSchemaFindings(request, 'unknown');
    assert.equal(finding.severity, 'warning');
    assert.match(finding.message, /another OpenAI-compatible server may accept it/);
    const claude = parsePrompt('request.json', JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], tools: [{ name: 't', input_schema: loose, strict: true }] }));
    assert.deepEqual(strictSchemaFindings(claude, 'anthropic'), []);
  });

  it('a schema nested 100,000 levels deep is checked without exhausting the stack', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100_000; i++) schema = { type: 'array', items: schema };
    const check = checkStrictSchema({ type: 'object', properties: { deep: schema }, required: ['deep'] });
    assert.deepEqual(check, { problems: [{ kind: 'additionalProperties', path: [] }], total: 1 });
    // Every level an object without additionalProperties: all counted, the first paths given.
    let objects: Record<string, unknown> = { type: 'object', properties: {}, required: [] };
    for (let i = 0; i < 100_000; i++) objects = { type: 'object', properties: { next: objects }, required: ['next'] };
    const many = checkStrictSchema(objects, { limit: 2 });
    assert.equal(many.problems.length, 2);
    assert.deepEqual(many.problems[1].path, ['properties', 'next']);
    assert.equal(many.total, 100_001);
  });

  it('every recorded request sent with strict: true, all answered by the API, passes the check', () => {
    const format = { chat: 'openai-chat', responses: 'openai-responses' } as const;
    let checked = 0;
    for (const pair of loadCorpus()) {
      if (pair.api === 'anthropic' || !JSON.stringify(pair.request).includes('"strict":true')) continue;
      const request = parsePrompt('request.json', JSON.stringify(pair.request), { format: format[pair.api] });
      assert.deepEqual(strictSchemaFindings(request, 'openai').map((f) => f.message), [], pair.file);
      checked++;
    }
    assert.ok(checked > 500, `${checked} strict requests checked`);
  });
});

describe('the Quick Fix of strict-schema-rejected in request JSON', () => {
  const fixed = async (fileName: string, text: string) => {
    const [finding] = (await analyzePrompt({ fileName, text })).findings.filter((f) => f.rule === 'strict-schema-rejected');
    assert.ok(finding?.fix, 'a fix is offered');
    const [edit] = finding.fix.edits;
    return { description: finding.fix.description, text: text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end) };
  };

  it('lists every property in required and closes every object, leaving the rest of the file as written; the result passes', async () => {
    const parameters = {
      type: 'object',
      properties: { path: { type: 'string' }, permissions: { type: 'object', properties: { read: { type: 'boolean' } } } },
      required: ['path'],
    };
    const text = chat({ tools: [tool(parameters, true)] });
    const after = await fixed('request.json', text);
    assert.match(after.description, /every property in `required`, `additionalProperties: false` on every object \(4 places\)/);
    const body = JSON.parse(after.text);
    assert.deepEqual(body.tools[0].function.parameters, PERMISSIONS_FIXED);
    // The messages, the model and the layout before the schema are untouched.
    assert.equal(after.text.slice(0, text.indexOf('"parameters"')), text.slice(0, text.indexOf('"parameters"')));
    assert.deepEqual((await strictFindings('request.json', after.text)).length, 0);
  });

  it('a Responses text.format schema with comments in the file (JSONC) is fixed in place', async () => {
    const text = [
      '{',
      '  // the extraction request',
      '  "model": "gpt-4.1",',
      '  "input": "Extract the contact.",',
      '  "text": { "format": { "type": "json_schema", "name": "Contact", "strict": true,',
      '    "schema": { "type": "object", "properties": { "name": { "type": "string" } } } } }',
      '}',
    ].join('\n');
    const after = await fixed('request.responses.json', text);
    assert.match(after.text, /^\{\n {2}\/\/ the extraction request\n/);
    // The schema, written on one line, is still on one line.
    assert.match(after.text, /\n {4}"schema": \{ "type": "object", "properties": \{ "name": \{ "type": "string" \} \}, "additionalProperties": false, "required": \["name"\] \} \} \}\n\}$/);
    assert.deepEqual((await strictFindings('request.responses.json', after.text)).length, 0);
  });

  it('a minified one-line request is fixed in place: still one line, valid JSON, nothing outside the schema changed', async () => {
    const parameters = { type: 'object', properties: { path: { type: 'string' }, permissions: { type: 'object', properties: { read: { type: 'boolean' } } } }, required: ['path'] };
    const text = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Make notes.txt read-only.' }], tools: [tool(parameters, true)] });
    const after = await fixed('request.json', text);
    assert.equal(after.text.includes('\n'), false, after.text);
    const body = JSON.parse(after.text);
    assert.deepEqual(body.tools[0].function.parameters, PERMISSIONS_FIXED);
    assert.equal(after.text.slice(0, text.indexOf('"parameters"')), text.slice(0, text.indexOf('"parameters"')));
    assert.deepEqual((await strictFindings('request.json', after.text)).length, 0);
  });

  it('a schema written on one line inside a pretty-printed file stays on its line; a multi-line one gets a line per addition', async () => {
    const text = [
      '{',
      '  "model": "gpt-4o-mini",',
      '  "messages": [{ "role": "user", "content": "Hi" }],',
      '  "tools": [{ "type": "function", "function": { "name": "f", "strict": true, "parameters": {',
      '    "type": "object",',
      '    "properties": {',
      '      "path": { "type": "string" },',
      '      "mode": { "type": "object", "properties": { "read": { "type": "boolean" }, "write": { "type": "boolean" } }, "required": ["read"] }',
      '    },',
      '    "required": ["path"],',
      '    "additionalProperties": true',
      '  } } }]',
      '}',
    ].join('\r\n');
    const after = await fixed('request.json', text);
    assert.equal(
      after.text,
      [
        '{',
        '  "model": "gpt-4o-mini",',
        '  "messages": [{ "role": "user", "content": "Hi" }],',
        '  "tools": [{ "type": "function", "function": { "name": "f", "strict": true, "parameters": {',
        '    "type": "object",',
        '    "properties": {',
        '      "path": { "type": "string" },',
        '      "mode": { "type": "object", "properties": { "read": { "type": "boolean" }, "write": { "type": "boolean" } }, "required": ["read", "write"], "additionalProperties": false }',
        '    },',
        '    "required": ["path", "mode"],',
        '    "additionalProperties": false',
        '  } } }]',
        '}',
      ].join('\r\n'),
    );
    assert.deepEqual((await strictFindings('request.json', after.text)).length, 0);
  });

  it('a request of 3,000 refused strict tools: each gets its finding and a fix that edits its own schema only', async () => {
    const parameters = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const tools = Array.from({ length: 3000 }, (_, i) => ({ type: 'function', function: { name: `t${i}`, description: 'd', strict: true, parameters } }));
    const text = chat({ tools });
    const found = (await analyzePrompt({ fileName: 'request.json', text })).findings.filter((f) => f.rule === 'strict-schema-rejected');
    assert.equal(found.length, 3000);
    for (const finding of [found[0], found[1499], found[2999]]) {
      const [edit] = finding.fix!.edits;
      assert.deepEqual(JSON.parse(text.slice(edit.range.start, edit.range.end)), parameters, 'the edit covers one schema');
      assert.deepEqual(JSON.parse(edit.newText).required, ['a', 'b']);
    }
  });

  it('no fix where a person must decide the shape: an object without properties, a non-object root', async () => {
    const free = { type: 'object', properties: { meta: { type: 'object' } }, required: ['meta'], additionalProperties: false };
    const [finding] = await strictFindings('request.json', chat({ tools: [tool(free, true)] }));
    assert.match(finding.message, /the object at properties › meta does not say `"additionalProperties": false`.*\(1 more place to fix\)/);
    assert.equal(finding.fix, undefined);
  });
});

describe('strict-schema-rejected inside a Responses namespace tool', () => {
  const responses = (tools: unknown[]) => JSON.stringify({ model: 'gpt-5.4', input: 'Look up customer 42.', tools }, null, 2);
  const loose = { type: 'object', properties: { id: { type: 'string' }, since: { type: 'string' } }, required: ['id'], additionalProperties: false };
  const tight = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false };
  const crm = {
    type: 'namespace',
    name: 'crm',
    description: 'CRM tools',
    tools: [
      { type: 'function', name: 'profile', description: 'A profile', parameters: tight, strict: true },
      { type: 'function', name: 'orders', description: 'Open orders', parameters: loose, strict: true },
    ],
  };

  it("a namespace's strict tool with a property not required: the error names it as the model calls it, on its own parameters key", async () => {
    const text = responses([{ type: 'function', name: 'weather', description: 'The weather', parameters: tight, strict: true }, crm]);
    const [finding, ...rest] = await strictFindings('request.responses.json', text);
    assert.equal(rest.length, 0);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /^The parameters of tool `crm\.orders` are sent with `strict: true`, and OpenAI rejects the request \(400\): `since` is not in `required`/);
    // The `"parameters"` key of the orders tool: the third in the file.
    const at = [...text.matchAll(/"parameters"/g)][2].index!;
    assert.equal(finding.line, text.slice(0, at).split('\n').length);
    assert.equal(finding.end?.line, finding.line);
  });

  it("the Quick Fix edits that tool's schema only; the fixed file passes", async () => {
    const text = responses([crm]);
    const [finding] = await strictFindings('request.responses.json', text);
    assert.ok(finding.fix, 'a fix is offered');
    const [edit] = finding.fix.edits;
    assert.deepEqual(JSON.parse(text.slice(edit.range.start, edit.range.end)), loose, 'the edit covers the orders schema');
    const after = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
    const body = JSON.parse(after);
    assert.deepEqual(body.tools[0].tools[1].parameters, { ...loose, required: ['id', 'since'] });
    assert.deepEqual(body.tools[0].tools[0], crm.tools[0]);
    assert.equal((await strictFindings('request.responses.json', after)).length, 0);
  });

  it('strict false or no strict in a namespace is not checked, as at the top level', async () => {
    const unchecked = { ...crm, tools: [{ ...crm.tools[1], strict: false }, { type: 'function', name: 'plain', parameters: loose }] };
    assert.equal((await strictFindings('request.responses.json', responses([unchecked]))).length, 0);
  });

  it('in source code: a namespace tool sent through client.responses.create, the error on the inner tool written in the call', async () => {
    const source = `import OpenAI from 'openai';
const client = new OpenAI();
export async function main() {
  return client.responses.create({
    model: 'gpt-5.4',
    input: 'Look up customer 42.',
    tools: [
      {
        type: 'namespace',
        name: 'crm',
        description: 'CRM tools',
        tools: [
          { type: 'function', name: 'profile', description: 'A profile', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false }, strict: true },
          { type: 'function', name: 'orders', description: 'Open orders', parameters: { type: 'object', properties: { id: { type: 'string' } }, required: [] }, strict: true },
        ],
      },
    ],
  });
}
`;
    const { analysis } = await onlyPrompt('app.ts', source);
    const found = analysis.findings.filter((f) => f.rule === 'strict-schema-rejected');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /tool `crm\.orders`/);
    assert.equal(found[0].line, source.slice(0, source.indexOf("{ type: 'function', name: 'orders'")).split('\n').length);
  });
});
