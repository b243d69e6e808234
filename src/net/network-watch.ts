/**
 * Hears that the network may have changed, so the shell can tell the core to check its connection
 * (choose the proxy again, dial the socket again, sync, send what waits) instead of finding out by
 * timeouts. Neither Electron nor Node has a "network changed" event, so it puts together:
 *   - the power monitor (Electron only): 'resume' after a sleep, 'unlock-screen' (Windows, macOS);
 *     'suspend' holds every check until the wake, so nothing starts half-way into a sleep;
 *   - the network interfaces, read every pollMs: another Wi-Fi, a cable, a VPN switched on or off
 *     each change the interfaces or their IPv4 addresses. navigator.onLine and Electron's
 *     net.isOnline() cannot see these: they turn false only when every interface is down, and a
 *     VPN or a cable plugged in beside the Wi-Fi never gets there;
 *   - the wall clock running ahead of the monotonic one between two reads: the computer slept, even
 *     where the power monitor missed it (electron/electron#42050: no 'resume' on some Linux setups);
 *   - what the shell passes on (notify): the window's 'online' event, forwarded by the renderer.
 * Signs arriving together (resume, unlock and the new Wi-Fi come within seconds) make one check:
 * it runs once no sign came for quietMs, or maxWaitMs after the first, and never two at once.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';

export type NetworkSign = 'resume' | 'unlock-screen' | 'online' | 'interfaces' | 'clock-jump';

/** Electron's powerMonitor, or a stand-in: only these events are heard. */
export interface PowerEvents {
  on(event: 'suspend' | 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export type InterfaceList = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

export interface NetworkCheck {
  /** Every sign of this burst, in the order first heard. */
  signs: NetworkSign[];
  /** Milliseconds since the first sign, read when asked (the check may wait for the proxy's answer first). */
  sinceFirstMs(): number;
}

export interface NetworkWatchOptions {
  /** Runs the check; the next one waits for it to settle. */
  onCheck(check: NetworkCheck): Promise<void> | void;
  power?: PowerEvents;
  /** The interfaces now (os.networkInterfaces); null: not read at all. */
  interfaces?: (() => InterfaceList) | null;
  /** Between two reads of the interfaces and the clocks. Default 5 s: a syscall, a few ms on Windows. */
  pollMs?: number;
  /** A burst is over when no sign came for this long. Default 1 s. */
  quietMs?: number;
  /** The check runs at the latest this long after the first sign of a burst. Default 3 s. */
  maxWaitMs?: number;
  /** The wall clock ahead of the monotonic one by more than this between two reads: a sleep. Default 30 s. */
  clockJumpMs?: number;
  /** A 'suspend' with no wake heard (nor a sleep seen by the clocks) stops holding checks after this long awake. Default 2 min. */
  suspendHoldMs?: number;
  /** Tests: the clocks. */
  monotonic?: () => number;
  wall?: () => number;
  log?: (message: string) => void;
  onError?: (error: unknown) => void;
}

/** What identifies the network this computer is on: interfaces and their IPv4 addresses. */
export function interfaceFingerprint(list: InterfaceList): string {
  const parts = new Set<string>();
  for (const [name, infos] of Object.entries(list)) {
    for (const info of infos ?? []) {
      if (info.internal) continue;
      // IPv6 privacy addresses rotate by themselves (about daily): only that the interface has IPv6 counts.
      parts.add(info.family === 'IPv4' ? `${name} ${info.address}` : `${name} IPv6`);
    }
  }
  return [...parts].sort().join('|');
}

export class NetworkWatch {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly monotonic: () => number;
  private readonly wall: () => number;
  private signs: NetworkSign[] = [];
  private firstAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private poller: ReturnType<typeof setInterval> | null = null;
  private checking: Promise<void> | null = null;
  private suspendedAt: number | null = null;
  private fingerprint: string | null = null;
  private lastRead: { wall: number; monotonic: number };
  private stopped = false;
  private readonly powerListeners: Array<['suspend' | 'resume' | 'unlock-screen', () => void]>;

  constructor(private readonly options: NetworkWatchOptions) {
    this.quietMs = options.quietMs ?? 1_000;
    this.maxWaitMs = options.maxWaitMs ?? 3_000;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.wall = options.wall ?? (() => Date.now());
    this.lastRead = { wall: this.wall(), monotonic: this.monotonic() };
    this.powerListeners = [
      ['suspend', () => this.suspend()],
      ['resume', () => this.notify('resume')],
      ['unlock-screen', () => this.notify('unlock-screen')],
    ];
    for (const [event, listener] of this.powerListeners) options.power?.on(event, listener);
    const interfaces = options.interfaces === undefined ? () => os.networkInterfaces() : options.interfaces;
    if (interfaces) this.fingerprint = this.readInterfaces(interfaces);
    this.poller = setInterval(() => this.poll(interfaces), options.pollMs ?? 5_000);
    this.poller.unref?.();
  }

  /** A sign the shell heard itself (the window's 'online'). */
  notify(sign: NetworkSign): void {
    if (this.stopped) return;
    if (sign === 'resume' || sign === 'clock-jump') this.suspendedAt = null;
    if (this.suspendedAt !== null) return;
    const now = this.monotonic();
    if (this.signs.length === 0) this.firstAt = now;
    if (!this.signs.includes(sign)) this.signs.push(sign);
    this.arm(Math.min(this.quietMs, Math.max(0, this.firstAt + this.maxWaitMs - now)));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
    this.timer = null;
    this.poller = null;
    for (const [event, listener] of this.powerListeners) this.options.power?.removeListener(event, listener);
  }

  private suspend(): void {
    // Going to sleep: a check now would start requests the sleep cuts half-way; the wake brings its own.
    this.suspendedAt = this.monotonic();
    this.signs = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.fire();
    }, delay);
    this.timer.unref?.();
  }

  private fire(): void {
    if (this.stopped || this.signs.length === 0) return;
    if (this.checking) {
      // One check at a time: these signs make the next one, once this one is done.
      this.arm(this.quietMs);
      return;
    }
    const firstAt = this.firstAt;
    const check: NetworkCheck = { signs: this.signs, sinceFirstMs: () => Math.max(0, Math.round(this.monotonic() - firstAt)) };
    this.signs = [];
    this.options.log?.(`a rede pode ter mudado (${check.signs.join(', ')}): verificando a conexão`);
    const running = Promise.resolve()
      .then(() => this.options.onCheck(check))
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        if (this.checking === running) this.checking = null;
      });
    this.checking = running;
  }

  private poll(interfaces: (() => InterfaceList) | null): void {
    const now = { wall: this.wall(), monotonic: this.monotonic() };
    const slept = now.wall - this.lastRead.wall - (now.monotonic - this.lastRead.monotonic) > (this.options.clockJumpMs ?? 30_000);
    this.lastRead = now;
    if (this.suspendedAt !== null && now.monotonic - this.suspendedAt > (this.options.suspendHoldMs ?? 120_000)) this.suspendedAt = null;
    if (slept) this.notify('clock-jump');
    if (!interfaces) return;
    const fingerprint = this.readInterfaces(interfaces);
    if (fingerprint === null || fingerprint === this.fingerprint) return;
    const known = this.fingerprint !== null;
    this.fingerprint = fingerprint;
    if (known) this.notify('interfaces');
  }

  private readInterfaces(interfaces: () => InterfaceList): string | null {
    try {
      return interfaceFingerprint(interfaces());
    } catch (error) {
      // A system that cannot list them (rare, a sandbox): the other signs still work.
      this.options.onError?.(error);
      return null;
    }
  }
}
