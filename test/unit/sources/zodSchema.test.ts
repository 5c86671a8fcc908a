import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { zodFunction, zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { z as z3 } from 'zod/v3';
import { z as z4 } from 'zod/v4';
import { analyzeSourceFile } from '../../../src/cli/sourceFile';
import { onlyPrompt } from './helpers';

type Version = 'v3' | 'v4';
const ZOD = { v3: z3, v4: z4 } as const;
const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** A TypeScript file that sends `format` (an expression) as the Chat response format. */
const chatFile = (zodImport: string, format: string, declarations = '') => `import OpenAI from 'openai';
import { zodFunction, zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
${zodImport}
const client = new OpenAI();
${declarations}
export async function ask(question: string) {
  return client.chat.completions.parse({
    model: 'gpt-4o-2024-08-06',
    messages: [{ role: 'system', content: 'You are a helpful math tutor.' }, { role: 'user', content: question }],
    response_format: ${format},
  });
}
`;
const versionImport = (version: Version) => `import { z } from 'zod/${version}';`;

/** The schema the analysis writes for the zod expression `schema`, or the reason it gives none. */
async function writtenSchema(version: Version, schema: string): Promise<{ schema?: unknown; reason?: string }> {
  const { analysis } = await onlyPrompt('answer.ts', chatFile(versionImport(version), `zodResponseFormat(${schema}, 'answer')`));
  const format = analysis.request.responseFormat;
  return format ? { schema: format.schema } : { reason: analysis.estimateReason };
}

/** The schema the installed openai SDK's `zodResponseFormat` writes for the same expression, run with zod. */
function sdkSchema(version: Version, schema: string): unknown {
  const built = new Function('z', `return ${schema}`)(ZOD[version]);
  return zodResponseFormat(built, 'answer').json_schema.schema;
}

// The schemas of openai/openai-node's own tests of its zod helpers, and their inline snapshots
// (openai/openai-node@7b7d6ca71130d37ec09792c50056b47861f2eccf, tests/helpers/zod.test.ts: "does
// the thing", "automatically adds optional properties to `required`", "kitchen sink types"), the
// same for zod 3 and zod 4. The snapshots list keys sorted; the order asserted below is the order
// the published SDK (openai 6.49.0, zod 4.6.7 and its zod/v3) writes.
const LOCATION = `z.object({ city: z.string(), temperature: z.number(), units: z.enum(['c', 'f']) })`;
const LOCATION_SNAPSHOT = {
  $schema: DRAFT_07,
  additionalProperties: false,
  properties: { city: { type: 'string' }, temperature: { type: 'number' }, units: { enum: ['c', 'f'], type: 'string' } },
  required: ['city', 'temperature', 'units'],
  type: 'object',
};
const OPTIONAL_UNITS = `z.object({ city: z.string(), temperature: z.number(), units: z.enum(['c', 'f']).optional().nullable() })`;
const OPTIONAL_UNITS_SNAPSHOT = {
  ...LOCATION_SNAPSHOT,
  properties: { ...LOCATION_SNAPSHOT.properties, units: { anyOf: [{ enum: ['c', 'f'], type: 'string' }, { type: 'null' }] } },
};
const KITCHEN_SINK = `
const Table = z.enum(['orders', 'customers', 'products']);
const Column = z.enum(['id', 'status', 'expected_delivery_date', 'delivered_at', 'shipped_at', 'ordered_at', 'canceled_at']);
const Operator = z.enum(['=', '>', '<', '<=', '>=', '!=']);
const OrderBy = z.enum(['asc', 'desc']);
const DynamicValue = z.object({ column_name: z.string() });
const Condition = z.object({ column: z.string(), operator: Operator, value: z.union([z.string(), z.number(), DynamicValue]) });
const Query = z.object({ table_name: Table, columns: z.array(Column), conditions: z.array(Condition), order_by: OrderBy });
`;
const COLUMNS = ['id', 'status', 'expected_delivery_date', 'delivered_at', 'shipped_at', 'ordered_at', 'canceled_at'];
const KITCHEN_SINK_SNAPSHOT = {
  $schema: DRAFT_07,
  additionalProperties: false,
  properties: {
    columns: { items: { enum: COLUMNS, type: 'string' }, type: 'array' },
    conditions: {
      items: {
        additionalProperties: false,
        properties: {
          column: { type: 'string' },
          operator: { enum: ['=', '>', '<', '<=', '>=', '!='], type: 'string' },
          value: {
            anyOf: [
              { type: 'string' },
              { type: 'number' },
              { additionalProperties: false, properties: { column_name: { type: 'string' } }, required: ['column_name'], type: 'object' },
            ],
          },
        },
        required: ['column', 'operator', 'value'],
        type: 'object',
      },
      type: 'array',
    },
    order_by: { enum: ['asc', 'desc'], type: 'string' },
    table_name: { enum: ['orders', 'customers', 'products'], type: 'string' },
  },
  required: ['table_name', 'columns', 'conditions', 'order_by'],
  type: 'object',
};

describe('zod schemas written as the openai SDK sends them', () => {
  for (const version of ['v3', 'v4'] as const) {
    it(`zod ${version}: the SDK's "does the thing" schema, equal to its snapshot, keys in the order it writes them`, async () => {
      const { schema } = await writtenSchema(version, LOCATION);
      assert.deepEqual(schema, LOCATION_SNAPSHOT);
      const body = '"type":"object","properties":{"city":{"type":"string"},"temperature":{"type":"number"},"units":{"type":"string","enum":["c","f"]}},"required":["city","temperature","units"],"additionalProperties":false';
      const expected = version === 'v3' ? `{${body},"$schema":"${DRAFT_07}"}` : `{"$schema":"${DRAFT_07}",${body}}`;
      assert.equal(JSON.stringify(schema), expected);
    });

    it(`zod ${version}: .optional().nullable() is required and nullable, as the SDK's snapshot shows`, async () => {
      const { schema } = await writtenSchema(version, OPTIONAL_UNITS);
      assert.deepEqual(schema, OPTIONAL_UNITS_SNAPSHOT);
    });

    it(`zod ${version}: the SDK's kitchen-sink schema, built from named schemas, equal to its snapshot and to what the SDK writes`, async () => {
      const source = chatFile(versionImport(version), `zodResponseFormat(Query, 'query')`, KITCHEN_SINK);
      const { analysis } = await onlyPrompt('query.ts', source);
      const format = analysis.request.responseFormat;
      assert.equal(format?.name, 'query');
      assert.equal(format?.strict, true);
      assert.deepEqual(format?.schema, KITCHEN_SINK_SNAPSHOT);
      const built = new Function('z', `${KITCHEN_SINK}; return Query;`)(ZOD[version]);
      assert.equal(JSON.stringify(format?.schema), JSON.stringify(zodResponseFormat(built, 'query').json_schema.schema));
    });
  }
});

/**
 * Each construct, for zod 3 and zod 4, against the schema the installed SDK writes for the same
 * expression, compared as JSON text: key order included. Where the SDK refuses the schema, the
 * analysis writes none.
 */
const CONSTRUCTS = [
  `z.object({ city: z.string().describe('the city'), n: z.number().int(), lit: z.literal('x'), arr: z.array(z.string()), b: z.boolean(), nested: z.object({ a: z.string() }).describe('nest') })`,
  `z.object({ a: z.object({ b: z.string() }).nullable(), c: z.array(z.string()).nullable(), d: z.enum(['x', 'y']).nullable(), e: z.literal('x').nullable(), f: z.union([z.string(), z.number()]).nullable() })`,
  `z.object({ a: z.string().nullable(), n: z.number().nullable(), i: z.number().int().nullable(), b: z.boolean().nullable() })`,
  `z.object({ a: z.string().nullable().describe('d'), b: z.string().describe('d').nullable() })`,
  `z.object({ a: z.string().optional().nullable(), b: z.string().nullable().optional(), c: z.object({ x: z.string() }).nullable().optional() })`,
  `z.object({ a: z.string().describe('d').optional().nullable(), b: z.string().nullable().optional().describe('e') })`,
  `z.object({ a: z.literal(3), b: z.literal(true), c: z.literal(2.5) })`,
  `z.object({ a: z.union([z.string(), z.object({ x: z.string() })]), b: z.union([z.literal('a'), z.literal('b')]), c: z.union([z.string(), z.null()]), d: z.union([z.string().describe('s'), z.number()]) })`,
  `z.object({ a: z.string().min(1), b: z.string().max(5), c: z.string().length(3), d: z.string().max(3).min(1) })`,
  `z.object({ a: z.number().min(0), b: z.number().max(5), c: z.number().int().min(0).max(10), d: z.number().gt(0), e: z.number().lt(1), f: z.number().positive(), g: z.number().nonnegative(), h: z.number().max(3).min(1), i: z.number().int().lt(5), j: z.number().negative(), k: z.number().nonpositive(), l: z.number().gte(-2).lte(2) })`,
  `z.object({ a: z.array(z.string()).min(1), b: z.array(z.string()).max(3), c: z.string().array(), d: z.array(z.string()).length(2), e: z.array(z.string()).nonempty(), f: z.array(z.string()).max(3).min(1).describe('x') })`,
  `z.object({ a: z.string() }).describe('root')`,
  `z.object({ a: z.array(z.string().describe('item')).describe('list'), e: z.enum(['x']).describe('en') })`,
  `z.object({ d: z.discriminatedUnion('type', [z.object({ type: z.literal('a'), x: z.string() }), z.object({ type: z.literal('b') })]) })`,
  `z.object({ d: z.discriminatedUnion('type', [z.object({ type: z.literal('a'), x: z.string() }), z.object({ type: z.literal('b') })]).describe('dd') })`,
  `z.object({ 'with space': z.string(), '2': z.string(), b: z.string(), '1': z.string() })`,
  `z.object({ a: z.string() }).strict()`,
  `z.object({ a: z.array(z.object({ b: z.array(z.object({ c: z.number() })) })) })`,
  `z.object({ a: z.union([z.literal('a'), z.literal(1)]), b: z.union([z.object({ x: z.string() }), z.null()]) })`,
  `z.object({ o: z.object({ b: z.string().optional().nullable() }), p: z.string() })`,
  `z.object({ o: z.object({ b: z.string().optional().nullable() }).describe('all optional'), p: z.string() })`,
  `z.object({ a: z.number().int().describe('d'), b: z.union([z.string(), z.object({ x: z.string() })]).describe('u'), c: z.literal('x').describe('l'), d: z.union([z.string(), z.number()]).describe('p') })`,
  `z.object({ a: z.object({ x: z.string() }).describe('o').nullable(), b: z.object({ x: z.string() }).nullable().describe('o'), c: z.enum(['a']).nullable().describe('e'), d: z.array(z.string()).describe('a').nullable() })`,
  `z.object({ a: z.string().min(1).nullable(), b: z.number().min(1).nullable() })`,
  `z.object({ a: z.object({ x: z.string() }).optional().nullable().describe('o'), b: z.string().optional().nullable().describe('s') })`,
  `z.object({ a: z.union([z.string(), z.number(), z.null()]), b: z.union([z.object({ x: z.string() }), z.array(z.string())]), c: z.union([z.string(), z.boolean()]).nullable(), d: z.union([z.string(), z.object({ x: z.string() })]).nullable() })`,
  `z.object({ a: z.union([z.number().int(), z.string()]), b: z.object({}) })`,
  `z.object({ a: z.string().nullable().nullable(), b: z.string().or(z.number()), c: z.string().nullish(), d: z.object({ x: z.string() }).nullish() })`,
  `z.object({ a: z.string().describe('a').nullable().describe('b'), b: z.enum(['a', 'b']).describe('x').optional().nullable() })`,
  `z.object({ a: z.union([z.string(), z.number()]).nullable().describe('d'), b: z.boolean().nullable().optional() })`,
  `z.object({ a: z.number().int().nullable().describe('d'), b: z.array(z.number().int()).nullable() })`,
  `z.object({ a: z.null(), b: z.union([z.null(), z.string()]) })`,
  `z.object({ a: z.string().optional().nullable() }).describe('root')`,
  `z.object({ a: z.union([z.literal('a'), z.literal('b')]).nullable(), b: z.union([z.literal(1), z.literal(2)]).describe('n') })`,
  `z.object({ a: z.string().default('x'), b: z.number().default(1), c: z.enum(['a', 'b']).default('a'), d: z.array(z.string()).default([]), e: z.boolean().default(false) })`,
  `z.object({ a: z.string().default('x').describe('d'), b: z.string().describe('d').default('x'), c: z.string().nullable().default(null), d: z.object({ x: z.string() }).default({ x: 'y' }) })`,
  `z.object({ a: z.string().optional().default('x'), b: z.string().default('x').nullable(), c: z.number().int().default(3), d: z.string().describe('in').default('x').describe('out') })`,
  `z.object({ a: z.object({ x: z.string() }).nullable().optional().describe('d'), b: z.string().min(1).nullable().optional().describe('d'), c: z.enum(['a']).nullable().optional().describe('e') })`,
  `z.object({ a: z.string(), b: z.number() }).extend({ c: z.boolean(), a: z.number() })`,
  `z.object({ a: z.string(), b: z.number() }).describe('base').extend({ c: z.boolean() })`,
  `z.object({ p: z.object({ a: z.string(), b: z.number(), c: z.string() }).describe('d').pick({ c: true, a: true }), o: z.object({ a: z.string(), b: z.number(), c: z.string() }).describe('d').omit({ b: true }) })`,
  `z.object({ a: z.string(), b: z.number() }).describe('d').merge(z.object({ c: z.string(), a: z.boolean() }).describe('e'))`,
  // Refused by the SDK: a property `.optional()` without `.nullable()`, nested too.
  `z.object({ email: z.string().email(), link: z.string().url().describe('link'), id: z.string().uuid().nullable() })`,
  `z.object({ at: z.string().datetime(), on: z.string().date(), time: z.string().time() })`,
  `z.object({ a: z.string().min(3).email().max(40).describe('e'), b: z.string().email().min(3) })`,
  `z.object({ required: z.string(), optional: z.string().optional() })`,
  `z.object({ foo: z.object({ bar: z.array(z.object({ can_be_missing: z.boolean().optional() })) }) })`,
];

describe('string formats', () => {
  it('zod 4 writes a pattern beside .email(), .uuid(), .datetime(), .date() and .time(): the installed zod\'s, and the count says the pattern changes between zod releases', async () => {
    for (const format of ['email', 'uuid', 'datetime', 'date', 'time']) {
      const construct = `z.object({ value: z.string().${format}() })`;
      const { analysis } = await onlyPrompt('answer.ts', chatFile(versionImport('v4'), `zodResponseFormat(${construct}, 'answer')`));
      assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(sdkSchema('v4', construct)), format);
      assert.ok(analysis.estimateReason?.includes(`zod 4 writes a pattern for \`.${format}()\` that changes between zod releases: counted with zod 4.6's`), analysis.estimateReason);
    }
  });

  it('zod 3 writes the format alone (no pattern), so nothing of the schema makes its count an estimate', async () => {
    const { analysis } = await onlyPrompt('answer.ts', chatFile(versionImport('v3'), `zodResponseFormat(z.object({ email: z.string().email(), at: z.string().datetime() }), 'answer')`));
    assert.deepEqual(analysis.request.responseFormat?.schema, { type: 'object', properties: { email: { type: 'string', format: 'email' }, at: { type: 'string', format: 'date-time' } }, required: ['email', 'at'], additionalProperties: false, $schema: DRAFT_07 });
    // Only the question, a parameter, is unknown.
    assert.equal(analysis.estimateReason, 'a value known only at run time (`question`) counted as written in the code');
  });

  it('zod 4\'s z.email(), z.url() and z.uuid() are strings with those formats', async () => {
    const construct = `z.object({ email: z.email(), link: z.url(), id: z.uuid() })`;
    const { analysis } = await onlyPrompt('answer.ts', chatFile(versionImport('v4'), `zodResponseFormat(${construct}, 'answer')`));
    assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(sdkSchema('v4', construct)));
  });
});

describe('each zod construct against the installed SDK, key order included', () => {
  for (const version of ['v3', 'v4'] as const) {
    it(`zod ${version}: ${CONSTRUCTS.length} schemas`, async () => {
      for (const construct of CONSTRUCTS) {
        let expected: string | undefined;
        try {
          expected = JSON.stringify(sdkSchema(version, construct));
        } catch {
          expected = undefined;
        }
        const written = await writtenSchema(version, construct);
        assert.equal(written.schema === undefined ? undefined : JSON.stringify(written.schema), expected, construct);
        if (expected === undefined) assert.match(written.reason ?? '', /`\.optional\(\)` without `\.nullable\(\)`, which the openai SDK refuses/);
      }
    });
  }
});

const ANSWER = `const Step = z.object({ explanation: z.string(), output: z.string() });
const MathResponse = z.object({ steps: z.array(Step), final_answer: z.string().describe('The value of x'), unit: z.string().nullable() });`;
const buildAnswer = (z: typeof z4) => {
  const Step = z.object({ explanation: z.string(), output: z.string() });
  return z.object({ steps: z.array(Step), final_answer: z.string().describe('The value of x'), unit: z.string().nullable() });
};

describe('a call with a zod helper counts as the same request written out', () => {
  it('chat.completions.parse with zodResponseFormat: the same request and the same count as the literal response_format', async () => {
    const zodSource = chatFile(versionImport('v4'), `zodResponseFormat(MathResponse, 'math_response', { description: 'Steps, then the answer' })`, ANSWER);
    const literal = JSON.stringify(zodResponseFormat(buildAnswer(z4), 'math_response', { description: 'Steps, then the answer' }));
    const literalSource = chatFile(versionImport('v4'), literal);
    const [fromZod, written] = await Promise.all([onlyPrompt('math.ts', zodSource), onlyPrompt('math.ts', literalSource)]);
    assert.deepEqual(fromZod.analysis.request.responseFormat?.schema, written.analysis.request.responseFormat?.schema);
    assert.equal(fromZod.analysis.request.responseFormat?.description, 'Steps, then the answer');
    assert.equal(fromZod.analysis.request.responseFormat?.name, 'math_response');
    assert.ok(fromZod.analysis.promptTokens > 60, String(fromZod.analysis.promptTokens));
    assert.equal(fromZod.analysis.promptTokens, written.analysis.promptTokens);
    assert.equal(fromZod.analysis.estimateReason, written.analysis.estimateReason);
  });

  it('responses.parse with zodTextFormat under text.format: the same count as the literal format', async () => {
    const file = (format: string) => `import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod/v3';
const client = new OpenAI();
${ANSWER}
export const solve = () => client.responses.parse({ model: 'gpt-4o-2024-08-06', input: 'solve 8x + 31 = 2', text: { format: ${format} } });
`;
    const literal = JSON.stringify(zodTextFormat(buildAnswer(z3 as unknown as typeof z4), 'math_response'));
    const [fromZod, written] = await Promise.all([onlyPrompt('math.ts', file(`zodTextFormat(MathResponse, 'math_response')`)), onlyPrompt('math.ts', file(literal))]);
    assert.equal(fromZod.call.api, 'responses');
    // zod 3 through the SDK: `$schema` last, and a plain nullable string as `nullable: true`.
    assert.equal(JSON.stringify((fromZod.analysis.request.responseFormat?.schema as { properties: { unit: unknown } }).properties.unit), '{"type":"string","nullable":true}');
    assert.deepEqual(fromZod.analysis.request.responseFormat, { ...written.analysis.request.responseFormat, range: fromZod.analysis.request.responseFormat?.range, piece: fromZod.analysis.request.responseFormat?.piece });
    assert.equal(fromZod.analysis.promptTokens, written.analysis.promptTokens);
  });

  it('zodFunction in tools: a strict function tool, counted as the literal tool', async () => {
    const file = (tool: string) => `import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import * as z from 'zod/v4';
const client = new OpenAI();
const Weather = z.object({ city: z.string().describe('City name'), unit: z.enum(['c', 'f']).nullable() });
export const ask = (q: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: q }], tools: [${tool}] });
`;
    const Weather = z4.object({ city: z4.string().describe('City name'), unit: z4.enum(['c', 'f']).nullable() });
    const literal = JSON.stringify(zodFunction({ name: 'get_weather', parameters: Weather, description: 'The weather now' }));
    const source = file(`zodFunction({ name: 'get_weather', parameters: Weather, description: 'The weather now' })`);
    const [fromZod, written] = await Promise.all([onlyPrompt('weather.ts', source), onlyPrompt('weather.ts', file(literal))]);
    const [tool] = fromZod.analysis.request.tools;
    assert.equal(tool.name, 'get_weather');
    assert.equal(tool.description, 'The weather now');
    assert.equal(tool.strict, true);
    assert.equal(JSON.stringify(tool.parameters), JSON.stringify(zodFunction({ name: 'get_weather', parameters: Weather }).function.parameters));
    assert.equal(fromZod.analysis.promptTokens, written.analysis.promptTokens);
    assert.equal(fromZod.analysis.estimateReason, written.analysis.estimateReason);
  });
});

describe("which zod writes the schema: the import, else the workspace's zod", () => {
  const NULLABLE = `z.object({ note: z.string().nullable() })`;
  const noteOf = async (files: Record<string, string>, schema = NULLABLE) => {
    const { analysis } = await onlyPrompt('src/answer.ts', chatFile(`import { z } from 'zod';`, `zodResponseFormat(${schema}, 'answer')`), files);
    const format = analysis.request.responseFormat?.schema as { properties: { note: unknown } } | undefined;
    return { note: format ? JSON.stringify(format.properties.note) : undefined, reason: analysis.estimateReason ?? '' };
  };

  it('"zod" with zod 3 installed (node_modules/zod/package.json) is written as zod 3', async () => {
    const { note } = await noteOf({ 'node_modules/zod/package.json': '{ "name": "zod", "version": "3.25.76" }' });
    assert.equal(note, '{"type":"string","nullable":true}');
  });

  it('"zod" with zod 4 installed is written as zod 4, the nearest package first', async () => {
    const { note } = await noteOf({ 'node_modules/zod/package.json': '{ "name": "zod", "version": "4.1.12" }', 'src/package.json': '{ "dependencies": { "zod": "^4.0.5" } }' });
    assert.equal(note, '{"type":["string","null"]}');
  });

  it('"zod" named by a package.json (^3.23.8) without node_modules is written as zod 3', async () => {
    const { note } = await noteOf({ 'package.json': '{ "dependencies": { "openai": "^4.104.0", "zod": "^3.23.8" } }' });
    assert.equal(note, '{"type":"string","nullable":true}');
  });

  it('with no zod found, a schema both versions write alike is counted; one they write differently is not, and says why', async () => {
    const plain = await noteOf({}, `z.object({ note: z.string() })`);
    assert.equal(plain.note, '{"type":"string"}');
    const nullable = await noteOf({});
    assert.equal(nullable.note, undefined);
    assert.match(nullable.reason, /zod's version is not known here .*zod 3 and zod 4 write this schema differently/);
    assert.match(nullable.reason, /the response format is not counted: zod's version is not known here.* \(`zodResponseFormat\(z\.object\(\{ note: z\.\.\.\.`\)/);
    assert.doesNotMatch(nullable.reason, /built by code/);
    const { analysis } = await onlyPrompt('src/answer.ts', chatFile(`import { z } from 'zod';`, `zodResponseFormat(z.object({ a: Shared, b: Shared }), 'answer')`, `const Shared = z.object({ v: z.string() });`));
    assert.equal(analysis.request.responseFormat, undefined);
    assert.match(analysis.estimateReason ?? '', /zod's version is not known here .*, and with zod 3 `Shared` is used twice in the schema/);
  });
});

describe('zod schemas declared elsewhere, and what is not written', () => {
  it('a schema imported from a workspace module (export const) is written from that module', async () => {
    const files = { 'schemas.ts': `import { z } from 'zod/v4';\nexport const Answer = z.object({ text: z.string().describe('The answer'), sources: z.array(z.string()) });\n` };
    const source = chatFile(`import { Answer } from './schemas';`, `zodResponseFormat(Answer, 'answer')`);
    const { analysis } = await onlyPrompt('bot.ts', source, files);
    const expected = zodResponseFormat(z4.object({ text: z4.string().describe('The answer'), sources: z4.array(z4.string()) }), 'answer').json_schema.schema;
    assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(expected));
  });

  it('a format built at module level (const FORMAT = zodResponseFormat(...)) and a zodResponsesFunction tool on the Responses API', async () => {
    const source = `import OpenAI from 'openai';
import { zodResponsesFunction, zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod/v4';
const client = new OpenAI();
const Answer = z.object({ text: z.string() });
const FORMAT = zodTextFormat(Answer, 'answer', { description: 'The reply' });
const lookup = zodResponsesFunction({ name: 'lookup', parameters: z.object({ id: z.string() }) });
export const ask = (q: string) => client.responses.parse({ model: 'gpt-4o', input: q, tools: [lookup], text: { format: FORMAT } });
`;
    const { analysis } = await onlyPrompt('bot.ts', source);
    const format = analysis.request.responseFormat;
    assert.equal(format?.name, 'answer');
    assert.equal(format?.description, 'The reply');
    assert.equal(JSON.stringify(format?.schema), JSON.stringify(sdkSchema('v4', `z.object({ text: z.string() })`)));
    const [tool] = analysis.request.tools;
    assert.deepEqual([tool.name, tool.strict, tool.description], ['lookup', true, undefined]);
    assert.equal(JSON.stringify(tool.parameters), JSON.stringify(sdkSchema('v4', `z.object({ id: z.string() })`)));
    assert.doesNotMatch(analysis.estimateReason ?? '', /computed when the module loads|not counted/);
  });

  it('CommonJS: require("zod/v3") and require("openai/helpers/zod"), names renamed, in a .js file', async () => {
    const source = `const OpenAI = require('openai');
const { zodResponseFormat: asFormat } = require('openai/helpers/zod');
const zod = require('zod/v3');
const client = new OpenAI();
const Answer = zod.object({ text: zod.string(), unit: zod.string().nullable() });
async function ask(q) {
  return client.chat.completions.parse({ model: 'gpt-4o', messages: [{ role: 'user', content: q }], response_format: asFormat(Answer, 'answer') });
}
module.exports = { ask };
`;
    const { analysis } = await onlyPrompt('bot.js', source);
    assert.equal(JSON.stringify(analysis.request.responseFormat?.schema), JSON.stringify(sdkSchema('v3', `z.object({ text: z.string(), unit: z.string().nullable() })`)));
  });

  const reasonFor = async (version: Version, schema: string, declarations = '') => {
    const { analysis } = await onlyPrompt('answer.ts', chatFile(versionImport(version), `zodResponseFormat(${schema}, 'answer')`, declarations));
    assert.equal(analysis.request.responseFormat, undefined, schema);
    return analysis.estimateReason ?? '';
  };

  it('constructs not written here leave the format uncounted, each with its reason', async () => {
    assert.match(await reasonFor('v4', `z.object({ at: z.date() })`), /`z\.date\(\.\.\.\)` is not modelled here/);
    assert.match(await reasonFor('v4', `z.object({ n: z.string().transform(Number) })`), /`\.transform\(\.\.\.\)` is not modelled here/);
    assert.match(await reasonFor('v4', `z.object({ n: z.string().default(() => 'x') })`), /the default in `z\.string\(\)\.default\(\(\) => 'x'\)` is not a known value/);
    assert.match(await reasonFor('v4', `z.object({ n: z.record(z.string(), z.number()) })`), /`z\.record\(\.\.\.\)` is not modelled here/);
    assert.match(await reasonFor('v4', `z.object({ e: z.string().ipv4() })`), /`\.ipv4\(\)` is not modelled here/);
    assert.match(await reasonFor('v4', `z.object({ e: z.string().email().url() })`), /a string with two formats \(`\.email\(\)` and `\.url\(\)`\) is not modelled here/);
    assert.match(await reasonFor('v4', `z.array(z.string())`), /not a `z\.object\(\.\.\.\)`/);
    assert.match(await reasonFor('v4', `z.object({ ...Base.shape })`, `const Base = z.object({ a: z.string() });`), /in an object's shape is not modelled here/);
    assert.match(await reasonFor('v4', `makeSchema()`), /`makeSchema\(\)` is not a zod schema/);
  });

  it('a schema whose named parts each use the one before twice stops at a bound instead of writing it out', async () => {
    const declarations = Array.from({ length: 20 }, (_, i) => (i === 0 ? 'const S0 = z.object({ a: z.string() });' : `const S${i} = z.object({ l: S${i - 1}, r: S${i - 1} });`)).join('\n');
    assert.match(await reasonFor('v4', 'S19', declarations), /the schema is built of more than 20,000 expressions/);
  });

  it('a zodFunction tool whose schema is not written is left out, saying which construct', async () => {
    const source = `import OpenAI from 'openai';
import { zodFunction } from 'openai/helpers/zod';
import { z } from 'zod/v4';
const client = new OpenAI();
export const book = () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Book it' }], tools: [zodFunction({ name: 'book', parameters: z.object({ on: z.date() }) })] });
`;
    const { analysis } = await onlyPrompt('book.ts', source);
    assert.deepEqual(analysis.request.tools, []);
    assert.equal(
      analysis.estimateReason,
      "a tool is not counted: `z.date(...)` is not modelled here (`zodFunction({ name: 'book', parameter...`)",
    );
  });

  it('zod 3 writes a schema used twice as a $ref (not written here); zod 4 writes it twice', async () => {
    const declarations = `const Shared = z.object({ value: z.string() });`;
    assert.match(await reasonFor('v3', `z.object({ first: Shared, second: Shared })`, declarations), /`Shared` is used twice in the schema, which zod 3 writes as a `\$ref`/);
    const { schema } = await writtenSchema('v4', `z.object({ first: z.object({ value: z.string() }), second: z.object({ value: z.string() }) })`);
    const { analysis } = await onlyPrompt('answer.ts', chatFile(versionImport('v4'), `zodResponseFormat(z.object({ first: Shared, second: Shared }), 'answer')`, declarations));
    assert.deepEqual(analysis.request.responseFormat?.schema, schema);
  });

  it('a schema that refers to itself through another is named as recursive, not as nested too deep', async () => {
    const declarations = `const Node = z.object({ name: z.string(), edges: z.array(Edge) });\nconst Edge = z.object({ to: Node });`;
    for (const version of ['v3', 'v4'] as const) {
      const reason = await reasonFor(version, `Node`, declarations);
      assert.match(reason, /`Node` refers to itself through `Edge`: zod writes a recursive schema with `\$ref`s, not modelled here/);
      assert.doesNotMatch(reason, /nested too deep/);
    }
  });
});

describe('the example app', () => {
  it('examples/ts-app/src/triage.ts: the schema of `Triage` as the SDK writes it with the zod its package.json names, the guide cached before the ticket', async () => {
    const path = resolve('examples/ts-app/src/triage.ts');
    const { result } = await analyzeSourceFile(path);
    const [prompt] = result.prompts;
    const declaration = /const Triage = (z\.object\([\s\S]*?\n\}\));/.exec(readFileSync(path, 'utf8'))![1];
    assert.equal(JSON.stringify(prompt.analysis.request.responseFormat?.schema), JSON.stringify(sdkSchema('v4', declaration)));
    assert.ok(result.readFiles.includes(resolve('examples/ts-app/package.json')));
    assert.ok(prompt.analysis.cacheableTokens >= 1024, String(prompt.analysis.cacheableTokens));
    assert.doesNotMatch(prompt.analysis.estimateReason ?? '', /not counted/);
  });
});
