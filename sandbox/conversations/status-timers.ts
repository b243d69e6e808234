/**
 * Simulated WhatsApp receipts: after a message is SENT it becomes DELIVERED after
 * `statusDelaysMs.delivered` and READ after `statusDelaysMs.read` (both from the send), each
 * change emitting MESSAGE_UPDATED. A contact whose phone ends in 0000 has no WhatsApp: its
 * message becomes FAILED ("Número não possui WhatsApp") instead of DELIVERED and is not charged.
 *
 * Timers live in a registry per sandbox, cleared when the server closes.
 */
import type { SandboxContext } from '../context';
import { emitMessageEvent } from './events';
import { repoOf } from './repo';

export const NO_WHATSAPP_REASON = 'Número não possui WhatsApp';

/** Test and demo hook: phones ending in 0000 are "not on WhatsApp". */
export function phoneHasNoWhatsApp(phone: string | null): boolean {
  return phone !== null && phone.replace(/\D+/g, '').endsWith('0000');
}

class StatusTimers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly ctx: SandboxContext) {}

  /** Starts the receipts of a message that has just become SENT. */
  scheduleReceipts(messageId: string): void {
    if (this.closed) return;
    const { delivered, read } = this.ctx.options.statusDelaysMs;
    this.after(delivered, () => deliverOrFail(this.ctx, messageId));
    this.after(Math.max(read, delivered), () => markRead(this.ctx, messageId));
  }

  clear(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private after(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.closed || !this.ctx.db.open) return;
      try {
        run();
      } catch (err) {
        this.ctx.log(`status timer failed: ${String(err)}`);
      }
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}

const registry = new WeakMap<SandboxContext, StatusTimers>();

export function statusTimersOf(ctx: SandboxContext): StatusTimers {
  let timers = registry.get(ctx);
  if (!timers) {
    timers = new StatusTimers(ctx);
    registry.set(ctx, timers);
  }
  return timers;
}

function deliverOrFail(ctx: SandboxContext, messageId: string): void {
  const repo = repoOf(ctx);
  const message = repo.messageById.get(messageId);
  if (!message) return;
  const session = repo.sessionById.get(message.session_id);
  const contact = session?.contact_id ? repo.contactById.get(session.contact_id) : undefined;
  if (phoneHasNoWhatsApp(contact?.phone ?? null)) failMessage(ctx, messageId, NO_WHATSAPP_REASON);
  else moveStatus(ctx, messageId, 'SENT', 'DELIVERED');
}

function markRead(ctx: SandboxContext, messageId: string): void {
  moveStatus(ctx, messageId, 'DELIVERED', 'READ');
}

/** Moves a message from `from` to `to`; does nothing when it has moved on (failed, deleted) meanwhile. */
function moveStatus(ctx: SandboxContext, messageId: string, from: string, to: string): boolean {
  return ctx.db.transaction(() => {
    const repo = repoOf(ctx);
    const message = repo.messageById.get(messageId);
    if (!message || message.status !== from) return false;
    repo.updateMessage.run({ ...message, status: to, updated_at: ctx.clock.iso() });
    emitMessageEvent(ctx, 'MESSAGE_UPDATED', messageId);
    return true;
  })();
}

/**
 * Marks an outbound message FAILED with a reason (WhatsApp refused or could not deliver it).
 * A failed message is not charged: Meta bills delivered messages only. Exported for the
 * control/simulation API and tests.
 */
export function failMessage(ctx: SandboxContext, messageId: string, reason: string): boolean {
  return ctx.db.transaction(() => {
    const repo = repoOf(ctx);
    const message = repo.messageById.get(messageId);
    if (!message || message.direction !== 'FROM_HUB' || !['SENT', 'DELIVERED', 'WAIT_REPLY', 'QUEUED'].includes(message.status)) return false;
    repo.updateMessage.run({
      ...message,
      status: 'FAILED',
      failed_reason: reason,
      cost_amount: message.cost_amount === null ? null : 0,
      updated_at: ctx.clock.iso(),
    });
    emitMessageEvent(ctx, 'MESSAGE_UPDATED', messageId);
    return true;
  })();
}
