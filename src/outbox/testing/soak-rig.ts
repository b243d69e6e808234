/**
 * The soak test's world: the outbox rig (a real sandbox, the TCP proxy, a file store) with three
 * conversations whose WhatsApp window is open — Maria and João on the official channel after
 * they wrote, Maria on the QR channel (no window there) — and one the script itself starts with
 * a template to a number nobody has written from, so its texts wait for a reply until the driver
 * makes that contact write at the end: held by the server as WAIT_REPLY (HelenaCRM's console
 * path), or, with `strictWindow`, refused with 131047 (as the Cloud API does) and held locally.
 */
import type { SessionDTO } from '../../api/helena-dto';
import type { ProxyMode } from './tcp-proxy';
import { startRig, tempDir, welcomeMaria, type Rig } from './harness';
import { readLedger, type LedgerRow } from './soak-ledger';
import type { SoakConversation, SoakScriptSpec } from './soak-script';

/** A FROM_HUB message (or internal note) as the sandbox's database holds it. */
export interface ServerRow {
  seq: number;
  id: string;
  sessionId: string;
  /** TEXT for a message, NOTE for an internal note. */
  type: string;
  status: string;
  refId: string | null;
  text: string | null;
}

export interface SoakFaults {
  proxy: ProxyMode;
  latencyMs: number;
  errorRate: number;
}

export const NO_FAULTS: SoakFaults = { proxy: 'pass', latencyMs: 0, errorRate: 0 };

export interface SoakRig {
  storeDir: string;
  strictWindow: boolean;
  /** The address children send to: the proxy. */
  baseUrl: string;
  token: string;
  spec: SoakScriptSpec;
  setFaults(faults: SoakFaults): Promise<void>;
  /** Every business message the server received after the setup, in the server's order. */
  serverRows(): ServerRow[];
  /** The script's messages in the children's store, in enqueue order. */
  ledger(): LedgerRow[];
  /** The contacts of the conversations the script starts write (the window opens, the server releases what it held). */
  closedContactsWrite(): Promise<void>;
  close(): Promise<void>;
}

/** Nobody has this number yet: the script's start creates the contact, who never answers by themselves. */
const SILENT_NUMBER = '+5511955550001';

export async function startSoakRig(tag: string, strictWindow: boolean): Promise<SoakRig> {
  const storeDir = tempDir();
  const rig = await startRig({ storeDir });
  try {
    return await prepare(rig, storeDir, tag, strictWindow);
  } catch (error) {
    await rig.close();
    throw error;
  }
}

async function prepare(rig: Rig, storeDir: string, tag: string, strictWindow: boolean): Promise<SoakRig> {
  const { company } = rig.sandbox;
  const { channels, contacts, teams, templates } = company;
  await rig.outbox.start();
  const starts = {
    maria: await rig.outbox.startConversation(welcomeMaria(company, 'SOAK-M')),
    joao: await rig.outbox.startConversation({
      contactId: contacts.joao,
      channelId: channels.official,
      departmentId: teams.vendas,
      templateId: templates.boasVindas,
      parameters: { nome: 'João', protocolo: 'SOAK-J' },
    }),
    mariaQr: await rig.outbox.startConversation({ contactId: contacts.maria, channelId: channels.qr, departmentId: teams.vendas, text: 'Oi Maria, aqui é a loja.' }),
  };
  await rig.outbox.flush();
  await rig.outbox.stop();
  const sessionOf = (localId: string): string => {
    const key = rig.store.outbox.get(localId)?.conversationKey;
    if (!key || key.startsWith('start:')) throw new Error('setup start did not go out');
    return key;
  };
  const sessions = { maria: sessionOf(starts.maria.localId), joao: sessionOf(starts.joao.localId), mariaQr: sessionOf(starts.mariaQr.localId) };
  await inbound(rig, { contactId: contacts.maria, channelId: channels.official, text: 'Oi, pode falar!' });
  await inbound(rig, { contactId: contacts.joao, channelId: channels.official, text: 'Olá!' });
  // What sync would cache: the windows as they are now.
  const fresh: SessionDTO[] = [];
  for (const id of Object.values(sessions)) fresh.push(await rig.client.getSession(id));
  rig.store.sessions.upsertSessions(fresh);
  const mode = await rig.sandbox.api('PUT', '/control/v1/window-mode', null, { strict: strictWindow });
  if (mode.status !== 200) throw new Error(`window mode: HTTP ${mode.status}`);

  const conversations: SoakConversation[] = [
    { kind: 'session', name: 'maria-oficial', sessionId: sessions.maria },
    { kind: 'session', name: 'joao-oficial', sessionId: sessions.joao },
    { kind: 'session', name: 'maria-qr', sessionId: sessions.mariaQr },
    {
      kind: 'start',
      name: 'novo-sem-resposta',
      start: {
        to: SILENT_NUMBER,
        channelId: channels.official,
        departmentId: teams.vendas,
        templateId: templates.boasVindas,
        parameters: { nome: 'Cliente' },
        markerParam: 'protocolo',
      },
    },
  ];
  const baseline = rig.sandbox.ctx.db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM messages').get()?.seq ?? 0;
  const rows = rig.sandbox.ctx.db.prepare<[number], ServerRow>(
    `SELECT seq, id, session_id AS sessionId, type, status, ref_id AS refId, text FROM messages
      WHERE direction = 'FROM_HUB' AND seq > ? ORDER BY seq`,
  );

  return {
    storeDir,
    strictWindow,
    baseUrl: rig.proxy.url,
    token: rig.agent.token,
    spec: { tag, conversations, templateId: templates.lembrete },
    async setFaults(faults) {
      rig.proxy.setMode(faults.proxy);
      const res = await rig.sandbox.api('PUT', '/control/v1/faults', null, { latencyMs: faults.latencyMs, errorRate: faults.errorRate });
      if (res.status !== 200) throw new Error(`faults: HTTP ${res.status}`);
    },
    serverRows: () => rows.all(baseline),
    ledger: () => readLedger(rig.store, tag),
    async closedContactsWrite() {
      await inbound(rig, { phone: SILENT_NUMBER, channelId: channels.official, text: 'Oi, vi agora!' });
    },
    close: () => rig.close(),
  };
}

async function inbound(rig: Rig, body: { contactId?: string; phone?: string; channelId: string; text: string }): Promise<void> {
  const res = await rig.sandbox.api('POST', '/control/v1/inbound', null, body);
  if (res.status !== 200) throw new Error(`inbound: HTTP ${res.status} ${JSON.stringify(res.body)}`);
}
