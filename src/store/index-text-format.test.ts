/**
 * indexText is part of the cache's on-disk format: the e-mail "starts with" index (migration 018)
 * holds its output, computed when each row was written. If its output changes (a change to
 * searchWords or fold, or an ICU in a new Electron folding a letter differently), rows written before
 * keep their old entries: integrity_check reports them missing and the range can answer wrongly.
 * This test pins the output; if it fails on purpose, add a migration that runs
 * `REINDEX contacts_email_start` (and rebuilds the words index, fed the same way) with the change.
 */
import { describe, expect, it } from 'vitest';
import { indexText } from './contact-keys';

describe('indexText, as the e-mail index stores it', () => {
  it('gives the same words for the same text as when the index was built', () => {
    const samples: Array<[string | null, string | null]> = [
      ['maria.silva.sant@gmail.com', 'maria silva sant gmail com'],
      ['joão-pedro_99@uol.com.br', 'joao pedro 99 uol com br'],
      ['åsa.øyvind@straße.de', 'asa øyvind straße de'],
      ['đorđe.nguyễn+vip@hotmail.com', 'đorđe nguyen vip hotmail com'],
      ['李小龙@qq.com', '李小龙 qq com'],
      ['x@y', 'x y'],
      ['', null],
      ['  ', null],
      [null, null],
    ];
    expect(samples.map(([text]) => [text, indexText(text)])).toEqual(samples);
  });
});
