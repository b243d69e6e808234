import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, optionsFromArgs } from './cli';

describe('sandbox CLI flags', () => {
  it('defaults to port 4010, ./.sandbox-data, demo data, codes printed', () => {
    const { overrides, help } = optionsFromArgs([]);
    expect(help).toBe(false);
    expect(overrides).toMatchObject({ port: 4010, dataDir: './.sandbox-data', demoData: true, control: false, verbose: true, syntheticContacts: 0 });
  });

  it('maps every flag onto the sandbox options', () => {
    const { overrides } = optionsFromArgs([
      '--port', '0', '--memory', '--contacts', '1000', '--control', '--strict-window', '--latency', '200',
      '--error-rate', '0.25', '--drop-sockets', '--rate-limit', '50', '--quiet', '--upload-max-mb', '16',
    ]);
    expect(overrides).toMatchObject({
      port: 0,
      dataDir: null,
      syntheticContacts: 1000,
      control: true,
      strictWindow: true,
      verbose: false,
      rateLimit: { max: 50 },
      uploadMaxBytes: 16_000_000,
      faults: { latencyMs: 200, errorRate: 0.25, dropSockets: true },
    });
  });

  it('refuses bad values in Portuguese and reads a price table file', () => {
    expect(() => optionsFromArgs(['--error-rate', '2'])).toThrow(CliError);
    expect(() => optionsFromArgs(['--port', 'abc'])).toThrow(/--port/);
    expect(() => optionsFromArgs(['--nope'])).toThrow();
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
    try {
      const file = join(dir, 'prices.json');
      writeFileSync(file, JSON.stringify({ MARKETING: { BR: { amount: 0.07, currency: 'USD' } } }));
      expect(optionsFromArgs(['--prices', file]).overrides.prices).toEqual({ MARKETING: { BR: { amount: 0.07, currency: 'USD' } } });
      writeFileSync(file, JSON.stringify({ MARKETING: { BR: { amount: 'caro' } } }));
      expect(() => optionsFromArgs(['--prices', file])).toThrow(/--prices/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
