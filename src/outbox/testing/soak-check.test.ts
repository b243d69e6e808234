/**
 * Each rule of the soak's verdict fires on a small hand-made case, so a green soak means the
 * rules held, not that they could not see.
 */
import { describe, expect, it } from 'vitest';
import type { OutboxKind } from '../../store';
import { checkSoak, type SoakEvidence } from './soak-check';
import type { LedgerRow } from './soak-ledger';
import type { SavedLine } from './soak-protocol';
import type { ServerRow } from './soak-rig';
import { SoakScript } from './soak-script';

const script = new SoakScript({
  tag: 't',
  templateId: 'tpl',
  conversations: [
    { kind: 'session', name: 'open', sessionId: 'S1' },
    {
      kind: 'start',
      name: 'closed',
      start: { to: '+5511955550001', channelId: 'c', departmentId: 'd', templateId: 'tpl', parameters: {}, markerParam: 'p' },
    },
  ],
});
const SESSION_OF_CLOSED = 'S2';
const N = 12;

function kindOf(index: number): OutboxKind {
  return script.at(index).kind;
}

function sessionOf(index: number): string {
  return script.at(index).conversation === 0 ? 'S1' : SESSION_OF_CLOSED;
}

function clean(): { ledger: LedgerRow[]; server: ServerRow[]; saved: SavedLine[]; serverAtDrain: ServerRow[] } {
  const ledger: LedgerRow[] = [];
  const server: ServerRow[] = [];
  for (let index = 0; index < N; index++) {
    const message = script.at(index);
    ledger.push({ index, seq: index + 1, localId: `L${index}`, refId: `R${index}`, conversationKey: sessionOf(index), kind: kindOf(index), state: 'sent', serverId: `M${index}` });
    server.push({ seq: 100 + index, id: `M${index}`, sessionId: sessionOf(index), type: 'TEXT', status: 'READ', refId: `R${index}`, text: `x ${message.marker}` });
  }
  const saved = ledger.map((row): SavedLine => ({ t: 'saved', index: row.index, localId: row.localId, refId: row.refId, conversation: script.at(row.index).conversation, kind: script.at(row.index).kind }));
  const serverAtDrain = server.map((row, index) => ({ ...row, status: sessionOf(index) === SESSION_OF_CLOSED && kindOf(index) === 'text' ? 'WAIT_REPLY' : 'SENT' }));
  return { ledger, server, saved, serverAtDrain };
}

function verdict(change: (evidence: ReturnType<typeof clean>) => void): string[] {
  const evidence = clean();
  change(evidence);
  return checkSoak({ script, strictWindow: false, ...evidence } satisfies SoakEvidence);
}

/** The first two indexes of the 'open' conversation that are plain texts. */
function openTexts(): [number, number] {
  const found = [...Array(N).keys()].filter((i) => sessionOf(i) === 'S1' && kindOf(i) === 'text');
  const [a, b] = found;
  if (a === undefined || b === undefined) throw new Error('the script has too few open texts for this test');
  return [a, b];
}

describe('soak verdict', () => {
  it('passes a clean run, with a text held for the contact in the closed conversation', () => {
    expect(clean().serverAtDrain.some((row) => row.status === 'WAIT_REPLY')).toBe(true);
    expect(verdict(() => undefined)).toEqual([]);
  });

  it('sees a message saved but missing from the store (lost locally)', () => {
    expect(verdict((e) => e.ledger.splice(3, 1)).join('\n')).toMatch(/lost locally: message 3/);
  });

  it('sees a duplicate sent with a second refId', () => {
    const problems = verdict((e) => {
      const first = e.server[2];
      if (first) e.server.push({ ...first, seq: 999, id: 'dup', refId: 'other' });
    });
    expect(problems.join('\n')).toMatch(/duplicate: message 2/);
    expect(problems.join('\n')).toMatch(/unknown: .*other/);
  });

  it('sees a message the server never got, and a row stuck before sent', () => {
    const problems = verdict((e) => {
      e.server.splice(4, 1);
      const row = e.ledger[5];
      if (row) row.state = 'sending';
    });
    expect(problems.join('\n')).toMatch(/message 4: the server holds 0/);
    expect(problems.join('\n')).toMatch(/stuck: message 5 .* 'sending'/);
  });

  it('sees two messages of one conversation in the wrong order on the server', () => {
    const [a, b] = openTexts();
    const problems = verdict((e) => {
      const rowA = e.server[a];
      const rowB = e.server[b];
      if (rowA && rowB) [rowA.seq, rowB.seq] = [rowB.seq, rowA.seq];
    });
    expect(problems.join('\n')).toMatch(/reordered in open/);
  });

  it('sees a text to the silent contact that went out before the reply', () => {
    const held = clean().serverAtDrain.findIndex((row) => row.status === 'WAIT_REPLY');
    const problems = verdict((e) => {
      const row = e.serverAtDrain[held];
      if (row) row.status = 'SENT';
    });
    expect(problems.join('\n')).toMatch(/never wrote was SENT on the server before the reply/);
  });

  it('sees a gap in the script (a message the child skipped or typed twice)', () => {
    const problems = verdict((e) => {
      const row = e.ledger[6];
      if (row) row.index = 7;
    });
    expect(problems.join('\n')).toMatch(/script message 6 is in the store 0 times/);
    expect(problems.join('\n')).toMatch(/script message 7 is in the store 2 times/);
  });
});
