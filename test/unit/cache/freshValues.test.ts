import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freshValue, reshapeDateTime } from '../../../src/core/cache/freshValues';

const AT = Date.UTC(2027, 0, 5, 17, 4, 9, 250);
const context = (seed: string) => ({ timeMs: AT, seed });

describe('fresh values for per-request spans', () => {
  it('writes another time the way each date and time is written', () => {
    const at = new Date(AT);
    assert.equal(reshapeDateTime('Current time: 2026-03-14T09:12:33Z', at), 'Current time: 2027-01-05T17:04:09Z');
    assert.equal(reshapeDateTime('2026-03-14 09:12:33.123456+02:00', at), '2027-01-05 17:04:09.250000+02:00');
    assert.equal(reshapeDateTime('Today is March 14th, 2026 at 9:12 AM', at), 'Today is January 5th, 2027 at 5:04 PM');
    assert.equal(reshapeDateTime('as of 14 Mar 2026', at), 'as of 05 Jan 2027');
    assert.equal(reshapeDateTime('date is 14/03/2026', at), 'date is 05/01/2027');
    assert.equal(reshapeDateTime('generated at 1773479553', at), `generated at ${Math.floor(AT / 1000)}`);
    assert.equal(reshapeDateTime('no date here', at), undefined);
  });

  it('draws ids of the same shape, different for another seed', () => {
    const uuid = '3f2b8c1e-9d4a-4b7e-8a1c-2e5f6d7c8b9a';
    const a = freshValue('literal', uuid, 'uuid', context('s:0'));
    const b = freshValue('literal', uuid, 'uuid', context('s:1'));
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
    assert.equal(freshValue('literal', uuid, 'uuid', context('s:0')), a, 'the same run gets the same value');
    const id = freshValue('literal', 'Request id: req_8f3k2m9x7q1w5z4t6y', 'request id', context('s:0'));
    assert.match(id, /^Request id: req_[a-z0-9]{18}$/);
    assert.notEqual(id, 'Request id: req_8f3k2m9x7q1w5z4t6y');
  });

  it('gives a computed value a sample written as the expression writes it', () => {
    assert.equal(freshValue('per-request-value', '${new Date().toISOString()}', 'new Date().toISOString()', context('s')), '2027-01-05T17:04:09.250Z');
    assert.match(freshValue('per-request-value', '{datetime.now().isoformat()}', 'datetime.now().isoformat()', context('s')), /^2027-01-05T17:04:09\.250\d{3}$/);
    assert.equal(freshValue('per-request-value', '${Date.now()}', 'Date.now()', context('s')), String(AT));
    assert.match(freshValue('per-request-value', '{uuid4()}', 'uuid4()', context('s')), /^[0-9a-f-]{36}$/);
  });
});
