/**
 * NetworkWatch on fake timers and clocks: bursts make one check, 'suspend' holds checks until the
 * wake, other interfaces (a VPN, a cable) and a sleep seen by the clocks count as signs, and a
 * check never overlaps the previous one.
 */
import { EventEmitter } from 'node:events';
import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { interfaceFingerprint, NetworkWatch, type InterfaceList, type NetworkCheck, type NetworkWatchOptions } from './network-watch';

const v4 = (address: string, internal = false): NetworkInterfaceInfo => ({
  address,
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal,
  cidr: null,
});
const v6 = (address: string): NetworkInterfaceInfo => ({ address, netmask: 'ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: null, scopeid: 0 });

let watch: NetworkWatch | null = null;
let wallOffset = 0;
let interfaces: InterfaceList = { lo: [v4('127.0.0.1', true)], wlan0: [v4('192.168.0.10')] };
const power = new EventEmitter();

function start(options: Partial<NetworkWatchOptions> = {}): NetworkCheck[] {
  const checks: NetworkCheck[] = [];
  watch = new NetworkWatch({
    onCheck: (check) => {
      checks.push({ signs: [...check.signs], sinceFirstMs: check.sinceFirstMs });
    },
    power,
    interfaces: () => interfaces,
    monotonic: () => Date.now(),
    wall: () => Date.now() + wallOffset,
    ...options,
  });
  return checks;
}

beforeEach(() => {
  vi.useFakeTimers();
  wallOffset = 0;
  interfaces = { lo: [v4('127.0.0.1', true)], wlan0: [v4('192.168.0.10')] };
});
afterEach(() => {
  watch?.stop();
  watch = null;
  power.removeAllListeners();
  vi.useRealTimers();
});

describe('NetworkWatch', () => {
  it('resume, unlock and online arriving together make one check, once the burst is quiet', async () => {
    const checks = start();
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(200);
    power.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(300);
    watch?.notify('online');
    await vi.advanceTimersByTimeAsync(900);
    expect(checks).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    expect(checks.map((c) => c.signs)).toEqual([['resume', 'unlock-screen', 'online']]);
    // Since the first sign: the socket must have proved itself alive in that time to be kept.
    expect(checks[0]?.sinceFirstMs()).toBe(1_500);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(checks).toHaveLength(1);
  });

  it('a stream of signs does not put the check off for ever: it runs maxWaitMs after the first', async () => {
    const checks = start({ quietMs: 1_000, maxWaitMs: 3_000 });
    for (let i = 0; i < 10; i++) {
      watch?.notify('online');
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(checks.length).toBeGreaterThanOrEqual(1);
    expect(checks[0]?.sinceFirstMs()).toBeGreaterThanOrEqual(3_000);
  });

  it('suspend holds every sign until the wake, which makes the one check', async () => {
    const checks = start();
    watch?.notify('online');
    power.emit('suspend');
    await vi.advanceTimersByTimeAsync(2_000);
    watch?.notify('online');
    power.emit('unlock-screen');
    interfaces = { wlan0: [] };
    await vi.advanceTimersByTimeAsync(10_000);
    expect(checks).toEqual([]);
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks.map((c) => c.signs)).toEqual([['resume']]);
  });

  it('a suspend with no wake heard stops holding after suspendHoldMs awake (a sleep that never came, or a lost resume)', async () => {
    const checks = start({ suspendHoldMs: 60_000 });
    power.emit('suspend');
    await vi.advanceTimersByTimeAsync(65_000);
    watch?.notify('online');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks.map((c) => c.signs)).toEqual([['online']]);
  });

  it('other interfaces or IPv4 addresses are a sign (VPN on, cable in); IPv6 addresses rotating are not', async () => {
    const checks = start({ pollMs: 5_000, minGapMs: 0 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(checks).toEqual([]);
    interfaces = { ...interfaces, tun0: [v4('10.8.0.2')] };
    await vi.advanceTimersByTimeAsync(6_000);
    expect(checks.map((c) => c.signs)).toEqual([['interfaces']]);
    interfaces = { ...interfaces, wlan0: [v4('192.168.0.10'), v6('2804::1')] };
    await vi.advanceTimersByTimeAsync(6_000);
    expect(checks).toHaveLength(2);
    interfaces = { ...interfaces, wlan0: [v4('192.168.0.10'), v6('2804::2')] };
    await vi.advanceTimersByTimeAsync(6_000);
    expect(checks).toHaveLength(2);
  });

  it('the wall clock running ahead of the monotonic one is a sleep, even with no resume heard', async () => {
    const checks = start({ pollMs: 5_000 });
    power.emit('suspend');
    wallOffset = 3_600_000;
    await vi.advanceTimersByTimeAsync(6_000);
    expect(checks.map((c) => c.signs)).toEqual([['clock-jump']]);
  });

  it('never two checks at once: signs during one make the next, after it', async () => {
    let finish: () => void = () => {};
    const running: string[][] = [];
    start({
      minGapMs: 0,
      onCheck: (check) => {
        running.push([...check.signs]);
        return new Promise<void>((resolve) => {
          finish = resolve;
        });
      },
    });
    watch?.notify('online');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(running).toEqual([['online']]);
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(running).toHaveLength(1);
    finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(running).toEqual([['online'], ['resume']]);
  });

  it('stop() hears nothing more', async () => {
    const checks = start();
    watch?.stop();
    power.emit('resume');
    watch?.notify('online');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(checks).toEqual([]);
    expect(power.listenerCount('resume')).toBe(0);
  });

  it('interfaces with only link-local addresses come and go without a check (macOS awdl0/llw0, Docker veth, a Windows adapter on 169.254)', async () => {
    const checks = start({ pollMs: 5_000 });
    for (let i = 0; i < 6; i++) {
      // AirDrop's awdl0 and llw0 go up and down all day with only an fe80:: address; a Wi-Fi Direct
      // adapter on Windows ("Conexão Local* 2") or a DHCP that did not answer shows 169.254.x.x.
      interfaces =
        i % 2 === 0
          ? { ...interfaces, awdl0: [v6('fe80::a8bb:ccff:fedd:eeff')], llw0: [v6('fe80::1')], veth1a2b: [v6('fe80::2')], 'Conexão Local* 2': [v4('169.254.12.7')] }
          : { lo: [v4('127.0.0.1', true)], wlan0: [v4('192.168.0.10')] };
      await vi.advanceTimersByTimeAsync(30_000);
    }
    expect(checks).toEqual([]);
    // An address that can reach HelenaCRM still counts.
    interfaces = { ...interfaces, tun0: [v4('10.8.0.2')] };
    await vi.advanceTimersByTimeAsync(6_000);
    expect(checks.map((c) => c.signs)).toEqual([['interfaces']]);
  });

  it('a stream of signs that never stops (an interface flapping, a window repeating "online") makes a check at most every minGapMs, not every maxWaitMs', async () => {
    const checks = start({ quietMs: 1_000, maxWaitMs: 3_000, minGapMs: 10_000, pollMs: 5_000 });
    for (let i = 0; i < 120; i++) {
      watch?.notify('online');
      await vi.advanceTimersByTimeAsync(500);
    }
    // 60 s of signs: one check, then one every 10 s at most — where each redials the socket, syncs and voids the outbox's backoff.
    expect(checks.length).toBeGreaterThanOrEqual(5);
    expect(checks.length).toBeLessThanOrEqual(7);
  });

  it('a wake is checked at once even right after a check: the gap is no reason to wait (the monotonic clock stops in a sleep)', async () => {
    const checks = start({ minGapMs: 10_000 });
    power.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(1_000);
    power.emit('suspend');
    // Linux and macOS: hours asleep read as a second or two on the monotonic clock.
    await vi.advanceTimersByTimeAsync(1_000);
    power.emit('resume');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks.map((c) => c.signs)).toEqual([['unlock-screen'], ['resume']]);
  });

  it('a suspend whose wake was never heard: the hold expires even for a sign that comes before the next read, and what it held is checked', async () => {
    // Where the monotonic clock runs on through a sleep (or the suspend never slept), no clock jump tells either.
    const checks = start({ suspendHoldMs: 60_000, pollMs: 5_000 });
    power.emit('suspend');
    await vi.advanceTimersByTimeAsync(62_000);
    power.emit('unlock-screen');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(checks.map((c) => c.signs)).toEqual([['unlock-screen']]);
  });

  it('a VPN switched on during a suspend that never slept is checked when the hold expires, not forgotten', async () => {
    const checks = start({ suspendHoldMs: 60_000, pollMs: 5_000, minGapMs: 0 });
    power.emit('suspend');
    await vi.advanceTimersByTimeAsync(10_000);
    interfaces = { ...interfaces, tun0: [v4('10.8.0.2')] };
    await vi.advanceTimersByTimeAsync(40_000);
    expect(checks).toEqual([]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(checks.map((c) => c.signs)).toEqual([['interfaces']]);
  });

  it('the fingerprint: interfaces with their IPv4 addresses, IPv6 only as present, loopback left out', () => {
    expect(interfaceFingerprint({ lo: [v4('127.0.0.1', true)], eth0: [v4('10.0.0.5'), v6('fe80::1'), v6('2804::9')], wlan0: undefined })).toBe('eth0 10.0.0.5|eth0 IPv6');
    // Link-local only (fe80::/10, 169.254.0.0/16): nothing that reaches HelenaCRM.
    expect(interfaceFingerprint({ awdl0: [v6('fe80::1')], eth1: [v4('169.254.3.4')], eth0: [v4('10.0.0.5')] })).toBe('eth0 10.0.0.5');
  });
});
