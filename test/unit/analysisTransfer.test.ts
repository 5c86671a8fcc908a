import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attach, detach } from '../../src/core/analysisTransfer';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('detach / attach', () => {
  it('a value with long arrays of objects, nested ones and typed arrays comes back equal after a transfer', async () => {
    const ids = new Uint32Array([5, 6, 7]);
    const value = {
      rendered: { ids, total: 3 },
      tools: Array.from({ length: 1000 }, (_, i) => ({
        name: `tool_${i}`,
        piece: { text: 'ab', range: { start: i, end: i + 2 }, offsets: [i, i + 1, i + 2], dynamic: [] },
        enumValues: i === 7 ? Array.from({ length: 300 }, (_, k) => ({ k })) : [],
      })),
      numbers: Array.from({ length: 1000 }, (_, i) => i),
    };
    const { value: detached, transfer } = detach(value);
    // What postMessage does: a structured clone that moves the listed buffers.
    const received = structuredClone(detached, { transfer });
    let pauses = 0;
    const back = (await attach(received, async () => {
      pauses++;
      await nextTurn();
    })) as typeof value;
    assert.equal(ids.length, 3, "the worker's own typed array is not detached by the transfer");
    assert.deepEqual(Array.from(back.rendered.ids), [5, 6, 7]);
    assert.equal(back.tools.length, 1000);
    assert.equal(back.tools[999].name, 'tool_999');
    assert.ok(back.tools[3].piece.offsets instanceof Int32Array);
    assert.deepEqual(Array.from(back.tools[3].piece.offsets), [3, 4, 5]);
    assert.deepEqual(back.tools[7].enumValues, value.tools[7].enumValues);
    assert.deepEqual(back.numbers, value.numbers);
    // 1,000 tools in slices of 256, and the 300 nested values in two: one pause after each slice.
    assert.equal(pauses, 4 + 2);
  });

  it('a string of several megabytes travels in parts and comes back equal', async () => {
    const text = 'ab€'.repeat(700_000);
    const { value, transfer } = detach({ piece: { text, range: null } });
    let pauses = 0;
    const back = (await attach(structuredClone(value, { transfer }), async () => void pauses++)) as { piece: { text: string } };
    assert.equal(back.piece.text, text);
    assert.equal(pauses, 3, '2,100,000 characters in parts of 1,048,576');
  });

  it('elements that serialize large travel in smaller slices, and come back equal and in order', async () => {
    // 300 elements of ~10 KB each: 256 of them would make a 2.5 MB slice, taken apart in one step.
    const findings = Array.from({ length: 300 }, (_, i) => ({ index: i, message: `finding ${i} `.repeat(800) }));
    const { value, transfer } = detach({ findings });
    assert.ok(value.arrays[0].slices.every((slice) => slice.byteLength <= 128 * 1024));
    let pauses = 0;
    const back = (await attach(structuredClone(value, { transfer }), async () => void pauses++)) as { findings: typeof findings };
    assert.deepEqual(back.findings, findings);
    assert.ok(pauses >= 20, `${pauses} slices`);
  });

  it('a long array at the root comes back whole', async () => {
    const list = Array.from({ length: 600 }, (_, i) => ({ i }));
    const { value, transfer } = detach(list);
    assert.deepEqual(await attach(structuredClone(value, { transfer }), nextTurn), list);
  });
});
