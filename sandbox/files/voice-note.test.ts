import { describe, expect, it } from 'vitest';
import { playableMedia } from '../../src/domain/file-sniff';
import { silentVoiceNote } from './voice-note';

describe('the demo voice note', () => {
  it('is an Ogg/Opus stream the conversation plays, ending where its length says', () => {
    const note = silentVoiceNote(3);
    expect(playableMedia('audio/ogg; codecs=opus', note)).toEqual({ kind: 'audio', mimeType: 'audio/ogg' });
    const last = note.lastIndexOf('OggS');
    expect(note[last + 5]).toBe(0x04); // end of stream
    expect(note.readBigUInt64LE(last + 6)).toBe(BigInt(312 + 150 * 960)); // pre-skip + 3 s at 48 kHz
    expect(note.length).toBeLessThan(2_000);
  });
});
