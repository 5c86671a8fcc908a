import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { opaque, parseCssColor, withAlpha } from '../../../src/webview/cssColor';

describe('theme colours for the chart', () => {
  it('reads the hex and functional forms VS Code writes into its CSS variables', () => {
    assert.deepEqual(parseCssColor('#3794ff'), { r: 0x37, g: 0x94, b: 0xff, a: 1 });
    assert.deepEqual(parseCssColor(' #d186164d '), { r: 0xd1, g: 0x86, b: 0x16, a: 0x4d / 255 });
    assert.deepEqual(parseCssColor('#fa0'), { r: 255, g: 170, b: 0, a: 1 });
    assert.deepEqual(parseCssColor('#fa08'), { r: 255, g: 170, b: 0, a: 0x88 / 255 });
    assert.deepEqual(parseCssColor('rgba(234, 92, 0, 0.33)'), { r: 234, g: 92, b: 0, a: 0.33 });
    assert.deepEqual(parseCssColor('rgb(234 92 0 / 50%)'), { r: 234, g: 92, b: 0, a: 0.5 });
    assert.equal(parseCssColor('var(--x)'), undefined);
  });

  it('draws a session from its colour made opaque, so a highlight-derived colour does not fade its bars', () => {
    // charts.orange inherits minimap.findMatchHighlight, which has an alpha channel.
    assert.equal(opaque('#d186164d'), 'rgb(209, 134, 22)');
    assert.equal(opaque('#3794ff'), 'rgb(55, 148, 255)');
  });

  it('gives the "not cached" part its own alpha whatever the theme colour carried', () => {
    const read = opaque('#d186164d');
    const notCached = withAlpha('#d186164d', 0.22);
    assert.equal(notCached, 'rgba(209, 134, 22, 0.22)');
    assert.notEqual(read, notCached);
    // A colour it cannot read is left for the canvas to interpret.
    assert.equal(withAlpha('color-mix(in srgb, red, blue)', 0.22), 'color-mix(in srgb, red, blue)');
  });
});
