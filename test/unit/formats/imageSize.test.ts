import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../../src/core/analyze';
import { base64ImageSize, dataUrlImageSize, imageMediaType } from '../../../src/core/formats/imageSize';

/** A JPEG's start: SOI, `metadataBytes` of APP1/APP2 segments (as a camera writes EXIF, XMP, an ICC profile), then a baseline frame header. */
function jpeg(width: number, height: number, metadataBytes: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  for (let left = metadataBytes; left > 0; ) {
    const length = Math.min(left, 65_000);
    const segment = Buffer.alloc(4 + length, 0x20);
    segment.set([0xff, parts.length % 2 ? 0xe1 : 0xe2]);
    segment.writeUInt16BE(length + 2, 2);
    parts.push(segment);
    left -= length;
  }
  const frame = Buffer.from([0xff, 0xc0, 0, 17, 8, 0, 0, 0, 0, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  frame.writeUInt16BE(height, 5);
  frame.writeUInt16BE(width, 7);
  parts.push(frame, Buffer.from([0xff, 0xd9]));
  return Buffer.concat(parts);
}

describe('the pixel size of an inline image', () => {
  it('a JPEG: from its frame header, also when a camera\'s metadata puts it past the first 64 KB', () => {
    assert.deepEqual(base64ImageSize(jpeg(4032, 3024, 2_000).toString('base64')), { width: 4032, height: 3024 });
    assert.deepEqual(base64ImageSize(jpeg(4032, 3024, 150_000).toString('base64')), { width: 4032, height: 3024 });
    assert.deepEqual(dataUrlImageSize(`data:image/jpeg;base64,${jpeg(640, 480, 90_000).toString('base64')}`), { width: 640, height: 480 });
    assert.equal(imageMediaType(jpeg(1, 1, 0)), 'image/jpeg');
  });

  it('a photo with large metadata is counted at its size, as the same photo without it', async () => {
    const count = async (image: Buffer) =>
      (
        await analyzePrompt({
          fileName: 'request.json',
          text: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${image.toString('base64')}` } }] }] }),
        })
      );
    const plain = await count(jpeg(4032, 3024, 2_000));
    const camera = await count(jpeg(4032, 3024, 150_000));
    assert.equal(camera.promptTokens, plain.promptTokens);
    assert.doesNotMatch(camera.estimateReason ?? '', /image size unknown/);
  });
});
