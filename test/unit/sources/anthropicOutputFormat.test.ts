/**
 * The anthropic SDK's `output_format` (Python), as anthropic-sdk-python@009b035305e0724ce108ebd796935f91711fc6e1
 * sends it: `beta.messages.create()` refuses a pydantic model (`validate_output_format` raises a TypeError) and
 * sends a dict as `output_config.format`; `messages.parse()` / `messages.stream()` send a model's
 * `TypeAdapter(Model).json_schema()` through `transform_schema` (lib/_parse/_transform.py) as
 * `output_config.format = {type: "json_schema", schema}`, merged into a given `output_config`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { anthropicTransformedSchema } from '../../../src/core/sources/anthropicOutputFormat';
import { onlyPrompt } from './helpers';

const MODEL = `from typing import List, Optional
from anthropic import Anthropic
from pydantic import BaseModel, Field

client = Anthropic()


class Address(BaseModel):
    city: str
    zip_code: str = Field(pattern=r"^\\d{5}$")


class Contact(BaseModel):
    """A contact."""
    name: str = Field(description="Full name")
    email: Optional[str] = None
    age: int = Field(ge=0, le=150)
    tags: List[str] = Field(default_factory=list, max_length=3)
    address: Address
`;

const call = (method: string, extra: string) => `${MODEL}

def extract(text):
    return client.beta.messages.${method}(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        messages=[{"role": "user", "content": "Extract the contact: John Smith, 41, Paris."}],
        ${extra}
    )
`;

/**
 * What the SDK sends for \`Contact\`: pydantic 2's schema (keys sorted, \`$defs\` first) through
 * \`transform_schema\`: the kept keywords in its order, \`additionalProperties: false\` on objects,
 * the rest (\`default\`, \`maximum\`, \`minimum\`, \`maxItems\`, \`pattern\`) written into the description.
 */
const SENT_SCHEMA = {
  $defs: {
    Address: {
      type: 'object',
      title: 'Address',
      properties: {
        city: { type: 'string', title: 'City' },
        zip_code: { type: 'string', title: 'Zip Code', description: '{pattern: ^\\d{5}$}' },
      },
      additionalProperties: false,
      required: ['city', 'zip_code'],
    },
  },
  type: 'object',
  description: 'A contact.',
  title: 'Contact',
  properties: {
    name: { type: 'string', description: 'Full name', title: 'Name' },
    email: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Email', description: '{default: None}' },
    age: { type: 'integer', title: 'Age', description: '{maximum: 150, minimum: 0}' },
    tags: { type: 'array', title: 'Tags', items: { type: 'string' }, description: '{maxItems: 3}' },
    address: { $ref: '#/$defs/Address' },
  },
  additionalProperties: false,
  required: ['name', 'age', 'address'],
};

describe('Python: the anthropic SDK\'s output_format', () => {
  it('beta.messages.create(output_format=Model) is refused by the SDK: the format is not counted, and the estimate says why', async () => {
    const refused = await onlyPrompt('extract.py', call('create', 'output_format=Contact,'));
    const without = await onlyPrompt('extract.py', call('create', ''));
    assert.equal(refused.call.api, 'messages');
    assert.equal(refused.analysis.format, 'anthropic-messages');
    assert.equal(refused.analysis.promptTokens, without.analysis.promptTokens);
    assert.ok(!refused.analysis.segments.some((s) => s.kind === 'schema'));
    assert.ok(
      (refused.analysis.estimateReasons ?? []).includes(
        'the SDK raises a TypeError for the pydantic model `Contact` as `output_format` of `messages.create()` and sends nothing (`messages.parse()` sends its schema): the format is not counted',
      ),
      refused.analysis.estimateReason,
    );
    // Before, the reason spoke of the openai SDK's strict schema, which this SDK never sends.
    assert.doesNotMatch(refused.analysis.estimateReason ?? '', /openai SDK/);
  });

  it('beta.messages.parse(output_format=Model) sends the schema transform_schema makes, in output_config.format beside the given output_config', async () => {
    const parsed = await onlyPrompt('extract.py', call('parse', 'output_format=Contact,\n        output_config={"effort": "low"},'));
    assert.equal(parsed.call.callee, 'client.beta.messages.parse');
    assert.deepEqual(parsed.analysis.request.parameters.output_config, { effort: 'low', format: { type: 'json_schema', schema: SENT_SCHEMA } });
    assert.equal(parsed.analysis.request.parameters.output_format, undefined);
    // The count is the one of the same request with its format written out.
    const written = await onlyPrompt('extract.py', call('create', `output_config=${pythonLiteral({ effort: 'low', format: { type: 'json_schema', schema: SENT_SCHEMA } })},`));
    assert.equal(parsed.analysis.promptTokens, written.analysis.promptTokens);
    assert.ok(parsed.analysis.segments.some((s) => s.kind === 'schema' && s.tokens > 100));
    assert.ok(
      (parsed.analysis.estimateReasons ?? []).includes(
        "the `output_format` `Contact` is a pydantic model: its schema is written from the class as pydantic 2 writes it and the anthropic SDK's `transform_schema` sends it",
      ),
      parsed.analysis.estimateReason,
    );
    assert.doesNotMatch(parsed.analysis.estimateReason ?? '', /openai SDK/);
    // `messages.stream(output_format=Model)` sends the same.
    const streamed = await onlyPrompt('extract.py', call('stream', 'output_format=Contact,\n        output_config={"effort": "low"},'));
    assert.equal(streamed.analysis.promptTokens, parsed.analysis.promptTokens);
  });

  it('a dict output_format is sent as written (create and stream); one the source does not show is named as not counted', async () => {
    const format = { type: 'json_schema', schema: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } };
    const dict = await onlyPrompt('extract.py', call('create', `output_format=${pythonLiteral(format)},`));
    const config = await onlyPrompt('extract.py', call('create', `output_config={"format": ${pythonLiteral(format)}},`));
    assert.equal(dict.analysis.promptTokens, config.analysis.promptTokens);
    assert.ok(dict.analysis.segments.some((s) => s.kind === 'schema'));
    const streamed = await onlyPrompt('extract.py', call('stream', `output_format=${pythonLiteral(format)},`));
    assert.equal(streamed.analysis.promptTokens, config.analysis.promptTokens);

    const imported = await onlyPrompt('extract.py', `from models import Invoice\n${call('parse', 'output_format=Invoice,')}`);
    assert.match(imported.analysis.estimateReason ?? '', /the `output_format` is `Invoice`, a class or a schema not read here: not counted/);
    const both = await onlyPrompt('extract.py', call('create', `output_format=${pythonLiteral(format)},\n        output_config={"format": ${pythonLiteral(format)}},`));
    assert.match(both.analysis.estimateReason ?? '', /the SDK refuses `output_format` beside `output_config.format`/);
  });
});

describe('transform_schema as the anthropic SDK writes it', () => {
  it("its docstring's example: the keywords the API does not take go into the description", () => {
    assert.deepEqual(anthropicTransformedSchema({ type: 'integer', minimum: 1, maximum: 10, description: 'A number' }), {
      type: 'integer',
      description: 'A number\n\n{minimum: 1, maximum: 10}',
    });
  });

  it('oneOf is sent as anyOf, a $ref alone, an unsupported string format and a minItems past 1 in the description, a list as Python prints it', () => {
    assert.deepEqual(
      anthropicTransformedSchema({
        type: 'object',
        properties: {
          choice: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
          link: { $ref: '#/$defs/Link', description: 'dropped' },
          code: { type: 'string', format: 'regex', examples: ['a', 'b'] },
          when: { type: 'string', format: 'date-time' },
          picks: { type: 'array', items: { type: 'boolean' }, minItems: 2 },
          one: { type: 'array', items: { type: 'boolean' }, minItems: 1 },
        },
      }),
      {
        type: 'object',
        properties: {
          choice: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
          link: { $ref: '#/$defs/Link' },
          code: { type: 'string', description: "{examples: ['a', 'b'], format: regex}" },
          when: { type: 'string', format: 'date-time' },
          picks: { type: 'array', items: { type: 'boolean' }, description: '{minItems: 2}' },
          one: { type: 'array', items: { type: 'boolean' }, minItems: 1 },
        },
        additionalProperties: false,
      },
    );
  });

  it('a schema the SDK refuses (no type, a list of types) gives none', () => {
    assert.equal(anthropicTransformedSchema({ description: 'x' }), undefined);
    assert.equal(anthropicTransformedSchema({ type: ['string', 'null'] }), undefined);
  });
});

/** A JSON value as a Python literal. */
function pythonLiteral(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
}
