/**
 * A WhatsApp-style voice note ("áudio": Ogg with one Opus stream, mono, 48 kHz), written here byte by
 * byte so the demo and the tests need no encoder and carry no recorded (or copyrighted) audio. Every
 * packet is the same 20 ms of silence (TOC 0xF8: CELT-only, full band, 20 ms, one frame; 0xFF 0xFE
 * decodes to silence), so it is a few hundred bytes a second and plays as a real note would: a
 * duration, a time that runs, an end.
 */

const SAMPLE_RATE = 48_000;
const SAMPLES_PER_PACKET = 960;
const SILENT_PACKET = [0xf8, 0xff, 0xfe];
/** Samples the decoder drops at the start (the value libopus writes). */
const PRE_SKIP = 312;
const PACKETS_PER_PAGE = 50;
const SERIAL = 0x48454c45; // "HELE": any number; one stream

/** Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, no final xor (RFC 3533). */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  return c >>> 0;
});

function crc(bytes: Uint8Array): number {
  let c = 0;
  for (const b of bytes) c = ((c << 8) ^ (CRC_TABLE[((c >>> 24) ^ b) & 0xff] ?? 0)) >>> 0;
  return c;
}

function page(packets: readonly Uint8Array[], sequence: number, granule: number, flags: number): Uint8Array {
  // Every packet here is under 255 bytes: one lacing value each.
  const body = packets.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(27 + packets.length + body);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53], 0); // OggS
  out[5] = flags;
  view.setBigUint64(6, BigInt(granule), true);
  view.setUint32(14, SERIAL, true);
  view.setUint32(18, sequence, true);
  out[26] = packets.length;
  packets.forEach((p, i) => (out[27 + i] = p.length));
  let at = 27 + packets.length;
  for (const p of packets) {
    out.set(p, at);
    at += p.length;
  }
  view.setUint32(22, crc(out), true);
  return out;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/** A silent Ogg/Opus voice note of `seconds` (rounded to 20 ms). */
export function silentVoiceNote(seconds: number): Buffer {
  const head = new Uint8Array(19);
  const headView = new DataView(head.buffer);
  head.set(ascii('OpusHead'), 0);
  head[8] = 1; // version
  head[9] = 1; // mono
  headView.setUint16(10, PRE_SKIP, true);
  headView.setUint32(12, SAMPLE_RATE, true);
  // Output gain 0 and channel mapping family 0 are the zeros already there.
  const vendor = ascii('helena-sandbox');
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(ascii('OpusTags'), 0);
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);

  const pages = [page([head], 0, 0, 0x02), page([tags], 1, 0, 0)];
  const total = Math.max(1, Math.round((seconds * SAMPLE_RATE) / SAMPLES_PER_PACKET));
  for (let sent = 0; sent < total; ) {
    const count = Math.min(PACKETS_PER_PAGE, total - sent);
    sent += count;
    const packets = Array.from({ length: count }, () => Uint8Array.from(SILENT_PACKET));
    pages.push(page(packets, pages.length, PRE_SKIP + sent * SAMPLES_PER_PACKET, sent === total ? 0x04 : 0));
  }
  return Buffer.concat(pages);
}
