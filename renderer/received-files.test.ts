// @vitest-environment happy-dom
/** How many received files the window keeps in memory as blob: URLs, and which go first. */
import { afterEach, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import { loadedFile, loadReceivedFile } from './screens/received-files';
import { useAppStore } from './state/app-store';

const MB = 1024 * 1024;
afterEach(() => vi.restoreAllMocks());

it('keeps at most ~96 MB of files, the least recently used going first, never the one just fetched', async () => {
  const revoked: string[] = [];
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url) => void revoked.push(url));
  const invoke = vi.fn((_command: string, input: { localId: string }) =>
    Promise.resolve({
      ok: true,
      // A video's size as the core states it; the bytes here are a stand-in.
      value: { name: `${input.localId}.mp4`, mimeType: 'video/mp4', size: 30 * MB, data: 'AAAA', preview: false, playable: 'video', cached: false, notice: null },
    }),
  );
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });

  const url = async (id: string) => {
    const answer = await loadReceivedFile(id);
    if (!answer.ok) throw new Error('fetch refused');
    return answer.file.url;
  };
  const first = await url('v1');
  await url('v2');
  await url('v3');
  expect(revoked).toEqual([]);
  // v1 played again: it is v2 that goes when v4 comes (4 × 30 MB > 96 MB).
  expect(loadedFile('v1')?.url).toBe(first);
  await url('v4');
  expect(loadedFile('v2')).toBeNull();
  expect(loadedFile('v1')?.url).toBe(first);
  expect(revoked).toHaveLength(1);
  // A file larger than the whole budget is still kept while it is the newest.
  invoke.mockImplementationOnce((_command, input) =>
    Promise.resolve({ ok: true, value: { name: `${input.localId}.mp4`, mimeType: 'video/mp4', size: 200 * MB, data: 'AAAA', preview: false, playable: 'video', cached: false, notice: null } }),
  );
  await url('huge');
  expect(loadedFile('huge')).not.toBeNull();
  expect(invoke).toHaveBeenCalledTimes(5);
});
