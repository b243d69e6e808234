/**
 * Voice notes the contact sends, heard in the conversation, keyboard only: Cláudia sends three
 * áudios (Ogg/Opus, as WhatsApp delivers them) and an old AMR one. None is downloaded when they
 * show; the agent reaches the newest playable one from the box, Enter plays it (its bytes fetched
 * through the core then, played from a blob: URL under the CSP's media-src blob:, byte for byte
 * what the contact sent), Space pauses it. The AMR one offers only "Baixar", saying why. Esc still
 * goes back to the list. axe finds nothing on the conversation with the player. A video (an MP4
 * Chromium records here from a canvas: H.264, which Debian's Chromium plays) opens in the viewer
 * with Enter and plays there; Esc closes it and the keyboard is back on "Assistir".
 */
import { expect, test, type Page } from '@playwright/test';
import { silentVoiceNote } from '../sandbox/files/voice-note';
import { ANA, axeViolations, contactSends, deskForFile, shiftTabTo, signIn, takeConversation } from './desk';

const desk = deskForFile({ receptiveDemo: true, eachTestLoggedOut: true });

test('keyboard only: a voice note plays in the conversation from its exact bytes, fetched only when asked; AMR is offered to save', async ({ page }) => {
  // Every blob: URL the window makes, kept by URL, so the test can read the bytes behind the player's src.
  await page.addInitScript(() => {
    const made = new Map<string, Blob>();
    const create = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob: Blob | MediaSource) => {
      const url = create(blob);
      if (blob instanceof Blob) made.set(url, blob);
      return url;
    };
    (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs = made;
  });
  const failures: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(m.text());
  });

  await signIn(page, desk(), ANA);
  await takeConversation(page, 'clau', 'Cláudia Assunção');
  const box = page.getByLabel('Mensagem', { exact: true });

  const NOTE = silentVoiceNote(4);
  await contactSends(desk(), 'Cláudia Assunção', { file: { name: 'PTT-20261130-WA0001.opus', mimeType: 'audio/ogg; codecs=opus', data: silentVoiceNote(2).toString('base64') } });
  await contactSends(desk(), 'Cláudia Assunção', { file: { name: 'PTT-20261130-WA0002.opus', mimeType: 'audio/ogg; codecs=opus', data: silentVoiceNote(3).toString('base64') } });
  await contactSends(desk(), 'Cláudia Assunção', { file: { name: 'PTT-20261130-WA0003.opus', mimeType: 'audio/ogg; codecs=opus', data: NOTE.toString('base64') } });
  await contactSends(desk(), 'Cláudia Assunção', { file: { name: 'audio-antigo.amr', mimeType: 'audio/amr', data: Buffer.from('#!AMR\n' + '\u0000'.repeat(600)).toString('base64') } });

  const play = page.getByRole('button', { name: 'Ouvir áudio PTT-20261130-WA0003.opus' });
  await expect(play).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('audio-toggle')).toHaveCount(3);
  const amr = page.getByTestId('received-file').filter({ hasText: 'audio-antigo.amr' });
  await expect(amr).toContainText('Áudio AMR: o Helena Desk não toca este formato. Baixe para ouvir.');
  await expect(amr.getByRole('button', { name: 'Baixar' })).toBeVisible();
  await expect(amr.getByTestId('audio-toggle')).toHaveCount(0);
  // Four áudios on screen, not one byte of them fetched yet.
  expect(await page.evaluate(() => (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs.size)).toBe(0);
  await expect(box).toBeFocused();

  // From the box up to the newest playable one: past the AMR's "Baixar" and this one's.
  await shiftTabTo(page, play);
  await page.keyboard.press('Enter');
  const pause = page.getByRole('button', { name: 'Pausar áudio PTT-20261130-WA0003.opus' });
  await expect(pause).toBeFocused();
  const player = page.getByTestId('received-file').filter({ hasText: 'PTT-20261130-WA0003.opus' }).getByTestId('audio-player');
  const audio = player.locator('audio');
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.paused)).toBe(false);
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeGreaterThan(0.2);
  const state = await audio.evaluate(async (el: HTMLAudioElement) => {
    const blob = (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs.get(el.src);
    const bytes = blob ? new Uint8Array(await blob.arrayBuffer()) : new Uint8Array();
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return { src: el.src, type: blob?.type, base64: btoa(binary), duration: el.duration, error: el.error?.message ?? null };
  });
  expect(state.src).toMatch(/^blob:/);
  expect(state.type).toBe('audio/ogg');
  expect(Buffer.from(state.base64, 'base64').equals(NOTE)).toBe(true);
  expect(state.duration).toBeCloseTo(4, 1);
  expect(state.error).toBeNull();
  await expect(player.getByTestId('audio-time')).toContainText('/ 0:04');
  // Only the one pressed was fetched.
  expect(await page.evaluate(() => (window as unknown as { madeBlobs: Map<string, Blob> }).madeBlobs.size)).toBe(1);
  await page.screenshot({ path: 'test-results/received-audio-playing.png' });
  expect(await axeViolations(page, 'conversation with a voice note playing')).toEqual([]);

  // → jumps 5 s ahead (past the end of a 4 s note: it ends, ▶ comes back); Enter plays it again from the start.
  await page.keyboard.press('ArrowRight');
  await expect(play).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(pause).toBeFocused();
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.paused)).toBe(false);

  // Space pauses, as Enter would.
  await page.keyboard.press('Space');
  await expect(play).toBeFocused();
  expect(await audio.evaluate((el: HTMLAudioElement) => el.paused)).toBe(true);
  expect(failures.filter((text) => /Content Security Policy|media/i.test(text))).toEqual([]);

  // Esc from the conversation still goes back to the list.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Atendimentos' })).toBeFocused();
});

/** A real MP4 (H.264), a second of a coloured canvas, recorded by this Chromium: no fixture file, no encoder. */
async function recordedMp4(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no canvas');
    const stream = canvas.captureStream(25);
    const recorder = new MediaRecorder(stream, { mimeType: 'video/mp4;codecs=avc1.42E01E' });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    const done = new Promise((resolve) => (recorder.onstop = resolve));
    recorder.start();
    for (let frame = 0; frame < 25; frame++) {
      g.fillStyle = `hsl(${frame * 14}, 70%, 45%)`;
      g.fillRect(0, 0, 320, 240);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    recorder.stop();
    await done;
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  });
  return Buffer.from(base64, 'base64');
}

test('keyboard only: a video opens in the viewer with Enter and plays there; Esc is back on it', async ({ page }) => {
  await signIn(page, desk(), ANA);
  const VIDEO = await recordedMp4(page);
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list).toBeFocused();
  await page.keyboard.type('clau');
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Cláudia Assunção' })).toBeVisible();
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();

  await contactSends(desk(), 'Cláudia Assunção', { text: 'Olha como chegou a caixa', file: { name: 'caixa-amassada.mp4', mimeType: 'video/mp4', data: VIDEO.toString('base64') } });
  const watch = page.getByRole('button', { name: 'Assistir vídeo caixa-amassada.mp4' });
  await expect(watch).toBeVisible({ timeout: 10_000 });
  await shiftTabTo(page, watch);
  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'Vídeo enviado pelo contato' });
  await expect(viewer).toBeVisible();
  const video = viewer.getByTestId('viewer-video');
  await expect.poll(() => video.evaluate((el: HTMLVideoElement) => ({ playing: !el.paused && el.currentTime > 0, width: el.videoWidth, error: el.error?.message ?? null }))).toEqual({ playing: true, width: 320, error: null });
  expect(await video.getAttribute('src')).toMatch(/^blob:/);
  await page.screenshot({ path: 'test-results/received-video-viewer.png' });
  expect(await axeViolations(page, 'video viewer')).toEqual([]);

  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Cláudia Assunção' })).toBeVisible();
  await expect(watch).toBeFocused();
});
