import { describe, expect, it } from 'vitest';
import { deliveredMimeType, previewImageType, sniffMimeType } from './file-sniff';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
const PDF = new TextEncoder().encode('%PDF-1.7\n');
const WEBP = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
const SVG = new TextEncoder().encode('<svg onload="alert(1)">');

describe('what a file is, by its bytes', () => {
  it('names the images shown inline and PDF, nothing else', () => {
    expect(sniffMimeType(JPEG)).toBe('image/jpeg');
    expect(sniffMimeType(PNG)).toBe('image/png');
    expect(sniffMimeType(new TextEncoder().encode('GIF89a'))).toBe('image/gif');
    expect(sniffMimeType(WEBP)).toBe('image/webp');
    expect(sniffMimeType(PDF)).toBe('application/pdf');
    expect(sniffMimeType(SVG)).toBeNull();
    expect(sniffMimeType(new Uint8Array())).toBeNull();
  });

  it('shows an image only when the bytes are one and the declared type says image (or nothing)', () => {
    expect(previewImageType('image/jpeg', JPEG)).toBe('image/jpeg');
    expect(previewImageType('image/png', JPEG)).toBe('image/jpeg');
    expect(previewImageType(null, PNG)).toBe('image/png');
    expect(previewImageType('image/jpeg', PDF)).toBeNull();
    expect(previewImageType('image/svg+xml', SVG)).toBeNull();
    expect(previewImageType('application/pdf', JPEG)).toBeNull();
  });

  it('hands a declared image that is not one over as a plain binary', () => {
    expect(deliveredMimeType('image/jpeg', PDF)).toBe('application/octet-stream');
    expect(deliveredMimeType('application/pdf', PDF)).toBe('application/pdf');
    expect(deliveredMimeType('IMAGE/PNG', PNG)).toBe('image/png');
    expect(deliveredMimeType(null, SVG)).toBe('application/octet-stream');
  });
});
