import { expect, it } from 'vitest';
import { fileToSend } from './file-send';

it('sends a PNG saved with a .jpg name as the PNG it is, and keeps the name the agent chose', () => {
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 3)]);
  const file = fileToSend({ sessionId: 'x', name: 'print-da-tela.jpg', mimeType: 'image/jpeg', size: png.length, data: png.toString('base64') });
  expect(file).toMatchObject({ name: 'print-da-tela.jpg', mimeType: 'image/png' });
  expect(Buffer.from(file.bytes).equals(png)).toBe(true);
});
