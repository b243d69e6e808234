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
 * it runs once no sign came for quietMs, or maxWaitMs after the first, never two at once, and never
 * sooner than minGapMs after the last one began — each check probes the socket (and redials it if
 * it does not answer), syncs and voids the outbox's backoff, so signs that never stop (a VPN
 * reconnecting in a loop, a flapping adapter) must not turn into that every few seconds.
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
  /** A check starts at least this long after the previous one started; signs meanwhile make one at its end. Default 10 s. */
  minGapMs?: number;
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

/** fe80::/10 and 169.254.0.0/16: they never route beyond the link, so never to HelenaCRM. */
function isLinkLocal(info: os.NetworkInterfaceInfo): boolean {
  return info.family === 'IPv4' ? info.address.startsWith('169.254.') : /^fe[89ab]/i.test(info.address);
}

/**
 * What identifies the network this computer is on: interfaces and their IPv4 addresses. Link-local
 * addresses are left out: interfaces that have only those come and go all day (macOS's awdl0 and
 * llw0 with AirDrop, Docker's veth pairs, a Windows adapter on 169.254 whose DHCP did not answer)
 * and carry no connection of ours.
 */
export function interfaceFingerprint(list: InterfaceList): string {
  const parts = new Set<string>();
  for (const [name, infos] of Object.entries(list)) {
    for (const info of infos ?? []) {
      if (info.internal || isLinkLocal(info)) continue;
      // IPv6 privacy addresses rotate by themselves (about daily): only that the interface has IPv6 counts.
      parts.add(info.family === 'IPv4' ? `${name} ${info.address}` : `${name} IPv6`);
    }
  }
  return [...parts].sort().join('|');
}

export class NetworkWatch {
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private readonly minGapMs: number;
  /** When the last check began (monotonic); null before the first. */
  private lastCheckAt: number | null = null;
  /** Signs heard while a suspend held checks: checked if the hold expires with no wake heard. */
  private held: NetworkSign[] = [];
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
    this.minGapMs = options.minGapMs ?? 10_000;
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
    if (sign === 'resume' || sign === 'clock-jump') {
      // The wake's own check covers what the sleep held. It waits for no gap: a wake needs a sleep
      // before it, so it cannot come in a stream, and the monotonic clock may not have seen the sleep.
      this.suspendedAt = null;
      this.held = [];
      this.lastCheckAt = null;
    }
    // Read here too, not only at the next poll: the unlock that follows a lost 'resume' comes first.
    this.liftExpiredHold();
    if (this.suspendedAt !== null) {
      if (!this.held.includes(sign)) this.held.push(sign);
      return;
    }
    const now = this.monotonic();
    if (this.signs.length === 0) this.firstAt = now;
    if (!this.signs.includes(sign)) this.signs.push(sign);
    this.arm(Math.max(this.gapLeft(now), Math.min(this.quietMs, Math.max(0, this.firstAt + this.maxWaitMs - now))));
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
    this.held = [];
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
    const gapLeft = this.gapLeft(this.monotonic());
    if (gapLeft > 0) {
      this.arm(gapLeft);
      return;
    }
    this.lastCheckAt = this.monotonic();
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
    if (slept) this.notify('clock-jump');
    else this.liftExpiredHold();
    if (!interfaces) return;
    const fingerprint = this.readInterfaces(interfaces);
    if (fingerprint === null || fingerprint === this.fingerprint) return;
    const known = this.fingerprint !== null;
    this.fingerprint = fingerprint;
    if (known) this.notify('interfaces');
  }

  private gapLeft(now: number): number {
    return this.lastCheckAt === null ? 0 : Math.max(0, this.lastCheckAt + this.minGapMs - now);
  }

  /** A 'suspend' with no wake heard for suspendHoldMs awake: the sleep never came, or its 'resume' was lost. */
  private liftExpiredHold(): void {
    if (this.suspendedAt === null || this.monotonic() - this.suspendedAt <= (this.options.suspendHoldMs ?? 120_000)) return;
    this.suspendedAt = null;
    const held = this.held;
    this.held = [];
    for (const sign of held) this.notify(sign);
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
