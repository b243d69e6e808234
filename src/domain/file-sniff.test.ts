import { describe, expect, it } from 'vitest';
import { deliveredMimeType, playableMedia, previewImageType, sniffMimeType } from './file-sniff';

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

  describe('audio and video played inline', () => {
    const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
    /** The first Ogg page's header (one segment) followed by the codec's first packet. */
    const ogg = (codec: number[]) => Uint8Array.from([...ascii('OggS'), 0, 2, ...new Array<number>(20).fill(0), 1, 19, ...codec, 1, 1]);
    const OPUS = ogg(ascii('OpusHead'));
    const VORBIS = ogg([1, ...ascii('vorbis')]);
    const THEORA = ogg([0x80, ...ascii('theora')]);
    const mp4 = (brand: string) => Uint8Array.from([0, 0, 0, 0x18, ...ascii('ftyp'), ...ascii(brand), 0, 0, 0, 0]);
    const ID3_MP3 = Uint8Array.from([...ascii('ID3'), 4, 0, 0, 0, 0, 0, 0]);
    const BARE_MP3 = Uint8Array.from([0xff, 0xfb, 0x90, 0x64]);
    const ADTS = Uint8Array.from([0xff, 0xf1, 0x50, 0x80]);
    const AMR = Uint8Array.from(ascii('#!AMR\n'));
    const WAV = Uint8Array.from([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WAVEfmt ')]);
    const WEBM = Uint8Array.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f]);

    it('plays a WhatsApp voice note (Ogg/Opus, declared with its codec or not at all) and Ogg Vorbis', () => {
      expect(playableMedia('audio/ogg; codecs=opus', OPUS)).toEqual({ kind: 'audio', mimeType: 'audio/ogg' });
      expect(playableMedia(null, OPUS)).toEqual({ kind: 'audio', mimeType: 'audio/ogg' });
      expect(playableMedia('', OPUS)).toEqual({ kind: 'audio', mimeType: 'audio/ogg' });
      expect(playableMedia('audio/ogg', VORBIS)).toEqual({ kind: 'audio', mimeType: 'audio/ogg' });
    });

    it('plays MP3, AAC, M4A, WAV and WebM audio', () => {
      expect(playableMedia('audio/mpeg', ID3_MP3)?.mimeType).toBe('audio/mpeg');
      expect(playableMedia('audio/mpeg', BARE_MP3)?.mimeType).toBe('audio/mpeg');
      expect(playableMedia('audio/aac', ADTS)?.mimeType).toBe('audio/aac');
      expect(playableMedia('audio/mp4', mp4('M4A '))?.mimeType).toBe('audio/mp4');
      expect(playableMedia('audio/wav', WAV)?.mimeType).toBe('audio/wav');
      expect(playableMedia('audio/webm', WEBM)?.mimeType).toBe('audio/webm');
    });

    it('never plays AMR (Chromium has no decoder), Theora in Ogg, 3GP, or bytes that are not audio', () => {
      expect(playableMedia('audio/amr', AMR)).toBeNull();
      expect(playableMedia('audio/ogg', THEORA)).toBeNull();
      expect(playableMedia('audio/ogg', Uint8Array.from(ascii('OggS')))).toBeNull();
      expect(playableMedia('audio/mp4', mp4('3gp4'))).toBeNull();
      expect(playableMedia('video/3gpp', mp4('3gp5'))).toBeNull();
      expect(playableMedia('audio/ogg', PDF)).toBeNull();
      expect(playableMedia('audio/mpeg', JPEG)).toBeNull();
      expect(playableMedia('audio/ogg', new Uint8Array())).toBeNull();
    });

    it('wants the declared type to say audio or video, and weak signatures declared', () => {
      expect(playableMedia('application/pdf', OPUS)).toBeNull();
      expect(playableMedia('image/jpeg', ID3_MP3)).toBeNull();
      expect(playableMedia('video/mp4', OPUS)).toBeNull();
      expect(playableMedia(null, BARE_MP3)).toBeNull();
      expect(playableMedia(null, ADTS)).toBeNull();
      expect(playableMedia(null, mp4('isom'))).toBeNull();
      expect(playableMedia(null, ID3_MP3)?.mimeType).toBe('audio/mpeg');
    });

    it('plays MP4 and WebM video declared as video, not QuickTime or an HEIC still', () => {
      expect(playableMedia('video/mp4', mp4('isom'))).toEqual({ kind: 'video', mimeType: 'video/mp4' });
      expect(playableMedia('video/mp4', mp4('mp42'))).toEqual({ kind: 'video', mimeType: 'video/mp4' });
      expect(playableMedia('video/webm', WEBM)).toEqual({ kind: 'video', mimeType: 'video/webm' });
      expect(playableMedia('video/quicktime', mp4('qt  '))).toBeNull();
      expect(playableMedia('video/mp4', mp4('heic'))).toBeNull();
    });

    it('hands a played file over with its sniffed type, the codec parameter gone', () => {
      expect(deliveredMimeType('audio/ogg; codecs=opus', OPUS)).toBe('audio/ogg');
      expect(deliveredMimeType('audio/amr', AMR)).toBe('audio/amr');
      expect(deliveredMimeType('audio/mp4', mp4('M4A '))).toBe('audio/mp4');
    });
  });
});
