/**
 * Starting conversations over real HTTP: the template start on official, QR and Instagram
 * channels, receipts on the short timers, cost by category and country, FAILED for numbers
 * without WhatsApp, refId idempotency and the send/template parameter checks.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ContactDTO,
  InternalException,
  MessageDTO,
  MessageStatusDTO,
  ProblemDetails,
  SendMessageResponse,
  SessionDTO,
  SessionPage,
  MessagePage,
  QuickMessageDTO,
  TemplatePage,
} from '../../src/api/helena-dto';
import { eventually, startConversationSandbox, type ConversationSandbox } from './test-fixture';

let sb: ConversationSandbox;
beforeEach(async () => {
  sb = await startConversationSandbox();
});
afterEach(async () => {
  await sb.close();
});

function startBody(overrides: Record<string, unknown> = {}) {
  return {
    from: sb.company.channels.official,
    to: '(11) 98765-4321',
    templateId: sb.company.templates.boasVindas,
    parameters: { nome: 'Maria', protocolo: '2025-001' },
    options: { department: { id: sb.company.teams.vendas } },
    ...overrides,
  };
}

async function getSession(id: string, token = sb.company.agents.ana.token) {
  const res = await sb.api('GET', `/chat/v2/session/${id}`, token);
  expect(res.status).toBe(200);
  return SessionDTO.parse(res.body);
}

async function getMessage(id: string, token = sb.company.agents.ana.token) {
  const res = await sb.api('GET', `/chat/v1/message/${id}`, token);
  expect(res.status).toBe(200);
  return MessageDTO.parse(res.body);
}

describe('POST /chat/v1/send/template', () => {
  it('starts a conversation: STARTED, window NOT_STARTED, message SENT then DELIVERED then READ', async () => {
    const { ana } = sb.company.agents;
    const res = await sb.api('POST', '/chat/v1/send/template', ana.token, startBody());
    expect(res.status).toBe(200);
    const sent = SendMessageResponse.parse(res.body);
    expect(sent.status).toBe('SENT');
    expect(sent.companyId).toBe(sb.ctx.companyId);
    expect(sent.sessionId).not.toBeNull();

    const session = await getSession(sent.sessionId ?? '');
    expect(session).toMatchObject({
      status: 'STARTED',
      windowStatus: 'NOT_STARTED',
      userId: ana.userId,
      departmentId: sb.company.teams.vendas,
      contactId: sb.company.contacts.maria,
      channelType: 'CLOUDAPI_WHATSAPP',
      lastMessageText: 'Olá Maria, seu protocolo é 2025-001.',
      lastMessageIn: null,
    });
    expect(session.lastMessageOut).not.toBeNull();

    const message = await getMessage(sent.id);
    expect(message).toMatchObject({
      direction: 'FROM_HUB',
      templateId: sb.company.templates.boasVindas,
      text: 'Olá Maria, seu protocolo é 2025-001.',
      details: { waitReply: false, templateCategoryName: 'Marketing', cost: { category: 'MARKETING', country: 'BR', amount: 0.0625, currency: 'USD' } },
    });

    const statuses = new Set<string>();
    await eventually(async () => {
      const status = MessageStatusDTO.parse((await sb.api('GET', `/chat/v1/message/${sent.id}/status`, ana.token)).body);
      statuses.add(status.status);
      return status.status === 'READ' ? status : undefined;
    }, 'READ');
    const viaSend = SendMessageResponse.parse((await sb.api('GET', `/chat/v1/send/message/${sent.id}`, ana.token)).body);
    expect(viaSend.status).toBe('READ');
    expect((await getMessage(sent.id)).readContactAt).not.toBeNull();

    const events = sb.ctx.events.after(0) ?? [];
    const kinds = events.map((e) => e.eventType);
    expect(kinds.slice(0, 2)).toEqual(['SESSION_NEW', 'MESSAGE_SENT']);
    const updates = events.filter((e) => e.eventType === 'MESSAGE_UPDATED').map((e) => MessageDTO.parse(e.content).status);
    expect(updates).toEqual(['DELIVERED', 'READ']);
    expect(events[0]?.audience).toEqual({ kind: 'session', departmentId: sb.company.teams.vendas, userId: ana.userId });
    expect(SessionDTO.parse(events[0]?.content).id).toBe(sent.sessionId);
  });

  it('accepts the channel number as `from` and reuses the open conversation of that contact', async () => {
    const { ana } = sb.company.agents;
    const first = SendMessageResponse.parse((await sb.api('POST', '/chat/v1/send/template', ana.token, startBody())).body);
    const second = await sb.api('POST', '/chat/v1/send/template', ana.token, startBody({ from: '+55 11 4000-1000', to: '11987654321' }));
    expect(second.status).toBe(200);
    expect(SendMessageResponse.parse(second.body).sessionId).toBe(first.sessionId);
  });

  it('creates an unknown contact and announces it with CONTACT_NEW', async () => {
    const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ to: '+55 (21) 99876-5432' }));
    expect(res.status).toBe(200);
    const contactEvent = (sb.ctx.events.after(0) ?? []).find((e) => e.eventType === 'CONTACT_NEW');
    expect(ContactDTO.parse(contactEvent?.content).phoneNumber).toBe('+5521998765432');
    const session = await getSession(SendMessageResponse.parse(res.body).sessionId ?? '');
    expect(session.contactId).toBe(ContactDTO.parse(contactEvent?.content).id);
  });

  it('refuses a bad phone with a ProblemDetails naming `to`, and stores nothing', async () => {
    const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ to: '12' }));
    expect(res.status).toBe(400);
    const problem = ProblemDetails.parse(res.body);
    expect(problem.detail).toContain('"to"');
    expect(sb.ctx.events.after(0)).toEqual([]);
  });

  it('refuses a team the agent is not in (403) and a template of another team, unapproved or for campaigns (400)', async () => {
    const { ana } = sb.company.agents;
    const { templates, teams } = sb.company;
    const otherTeam = await sb.api('POST', '/chat/v1/send/template', ana.token, startBody({ options: { department: { id: teams.suporte } } }));
    expect(otherTeam.status).toBe(403);
    expect(InternalException.parse(otherTeam.body).key).toBe('department.not_member');
    for (const [templateId, key] of [
      [templates.soSuporte, 'template.team_not_allowed'],
      [templates.emRevisao, 'template.not_approved'],
      [templates.campanha, 'template.wrong_type'],
    ] as const) {
      const res = await sb.api('POST', '/chat/v1/send/template', ana.token, startBody({ templateId, parameters: {} }));
      expect(res.status).toBe(400);
      expect(ProblemDetails.parse(res.body).key).toBe(key);
    }
    const count = await sb.api('GET', '/chat/v2/session', sb.company.agents.admin.token);
    expect(SessionPage.parse(count.body).totalItems).toBe(0);
  });

  it.each([
    ['missing', { nome: 'Maria' }, 'protocolo'],
    ['blank', { nome: '   ', protocolo: '1' }, 'nome'],
    ['newline', { nome: 'Maria\nSilva', protocolo: '1' }, 'nome'],
    ['tab', { nome: 'Maria', protocolo: '1\t2' }, 'protocolo'],
    ['five spaces', { nome: 'Maria     Silva', protocolo: '1' }, 'nome'],
  ])('refuses a %s parameter with 400 naming it', async (_case, parameters, param) => {
    const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ parameters }));
    expect(res.status).toBe(400);
    const problem = ProblemDetails.parse(res.body);
    expect(problem.key).toBe('template.invalid_parameter');
    expect(problem.detail).toContain(`"${param}"`);
    expect(sb.ctx.events.after(0)).toEqual([]);
  });

  it('lists every parameter issue in the details and accepts four spaces in a row', async () => {
    const bad = await sb.api<{ errors: { parameters: { param: string }[] } }>('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ parameters: { nome: 'a\tb' } }));
    expect(bad.body.errors.parameters.map((p) => p.param)).toEqual(['nome', 'protocolo']);
    const ok = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ parameters: { nome: 'Maria    Silva', protocolo: '1' } }));
    expect(ok.status).toBe(200);
  });

  it('records category and cost by country: Utilidade to Portugal, Autenticação to Brazil', async () => {
    const { ana } = sb.company.agents;
    const utility = SendMessageResponse.parse(
      (await sb.api('POST', '/chat/v1/send/template', ana.token, startBody({ to: sb.company.contacts.joaoPhone, templateId: sb.company.templates.lembrete, parameters: { nome: 'João' } }))).body,
    );
    expect((await getMessage(utility.id)).details).toMatchObject({ templateCategoryName: 'Utilidade', cost: { category: 'UTILITY', country: 'PT', amount: 0.0113 } });
    const auth = SendMessageResponse.parse(
      (await sb.api('POST', '/chat/v1/send/template', ana.token, startBody({ templateId: sb.company.templates.codigo, parameters: { codigo: '123456' } }))).body,
    );
    expect((await getMessage(auth.id)).details).toMatchObject({ templateCategoryName: 'Autenticação', cost: { category: 'AUTHENTICATION', country: 'BR', amount: 0.0315 } });
  });

  it('marks a message to a number without WhatsApp (ending 0000) FAILED with a reason, uncharged', async () => {
    const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ to: sb.company.contacts.semWhatsPhone }));
    const sent = SendMessageResponse.parse(res.body);
    expect(sent.status).toBe('SENT');
    const failed = await eventually(async () => {
      const m = await getMessage(sent.id);
      return m.status === 'FAILED' ? m : undefined;
    }, 'FAILED');
    expect(failed.failedReason).toBe('Número não possui WhatsApp');
    expect(failed.details.cost?.amount).toBe(0);
    const status = MessageStatusDTO.parse((await sb.api('GET', `/chat/v1/message/${sent.id}/status`, sb.company.agents.ana.token)).body);
    expect(status.failureReason).toBe('Número não possui WhatsApp');
  });

  it('is idempotent on refId: the same refId twice answers the first message and stores one', async () => {
    const refId = '0b5f7a8e-3c1d-4f2a-9b6e-7d8c9e0f1a2b';
    const first = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ refId }));
    const again = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ refId, parameters: { nome: 'Outra', protocolo: '2' } }));
    expect(again.status).toBe(200);
    const a = SendMessageResponse.parse(first.body);
    const b = SendMessageResponse.parse(again.body);
    expect(b.id).toBe(a.id);
    const list = MessagePage.parse((await sb.api('GET', `/chat/v1/session/${a.sessionId}/message`, sb.company.agents.ana.token)).body);
    expect(list.totalItems).toBe(1);
    expect(list.items[0]?.refId).toBe(refId);
    expect((sb.ctx.events.after(0) ?? []).filter((e) => e.eventType === 'MESSAGE_SENT')).toHaveLength(1);
  });

  it('stores one message when the same refId arrives twice at the same time', async () => {
    const refId = '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
    const [a, b] = await Promise.all([
      sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ refId })),
      sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ refId })),
    ]);
    expect(SendMessageResponse.parse(a.body).id).toBe(SendMessageResponse.parse(b.body).id);
    expect(sb.ctx.db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 1 });
  });

  it('opens a QR-channel conversation at once (IN_PROGRESS, window ACTIVE, free text SENT, nothing charged)', async () => {
    const { ana } = sb.company.agents;
    const res = await sb.api('POST', '/chat/v1/send/template', ana.token, startBody({ from: sb.company.channels.qr, templateId: sb.company.templates.qr, parameters: { nome: 'Maria' } }));
    expect(res.status).toBe(200);
    const sent = SendMessageResponse.parse(res.body);
    const session = await getSession(sent.sessionId ?? '');
    expect(session).toMatchObject({ status: 'IN_PROGRESS', windowStatus: 'ACTIVE', channelType: 'EVOLUTIONAPI_WHATSAPP' });
    expect((await getMessage(sent.id)).details.cost ?? null).toBeNull();

    const text = await sb.api('POST', `/chat/v1/session/${session.id}/message`, ana.token, { text: 'Tudo bem?' });
    expect(text.status).toBe(200);
    // Sent at once; its receipts run on short timers and may already have come back.
    expect(['SENT', 'DELIVERED', 'READ']).toContain((await getMessage((text.body as { id: string }).id)).status);
  });

  it('opens a QR conversation with free text on /send/text, without any template', async () => {
    const res = await sb.api('POST', '/chat/v1/send/text', sb.company.agents.ana.token, { from: sb.company.channels.qr, to: '+55 31 99999-1234', text: 'Olá!' });
    expect(res.status).toBe(200);
    const sent = SendMessageResponse.parse(res.body);
    expect(sent.status).toBe('SENT');
    expect((await getSession(sent.sessionId ?? '')).status).toBe('IN_PROGRESS');
  });

  it('refuses templates on Instagram', async () => {
    const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ from: sb.company.channels.instagram, templateId: sb.company.templates.lembrete, parameters: { nome: 'x' } }));
    expect(res.status).toBe(400);
    expect(ProblemDetails.parse(res.body).key).toBe('channel.template_unsupported');
  });

  it('answers 401 without a token', async () => {
    const res = await sb.api('POST', '/chat/v1/send/template', null, startBody());
    expect(res.status).toBe(401);
  });
});

describe('templates with media (fileType IMAGE, VIDEO, DOCUMENT)', () => {
  const catalogUrl = 'https://cdn.loja.com.br/catalogo/verao-2025.jpg';
  const mediaStart = (overrides: Record<string, unknown> = {}) =>
    startBody({ templateId: sb.company.templates.catalogo, parameters: { nome: 'Maria' }, ...overrides });

  it('lists the template with its fileType', async () => {
    const res = await sb.api('GET', '/chat/v1/template?PageSize=100', sb.company.agents.ana.token);
    const items = TemplatePage.parse(res.body).items;
    expect(items.find((t) => t.id === sb.company.templates.catalogo)?.fileType).toBe('IMAGE');
    expect(items.find((t) => t.id === sb.company.templates.boasVindas)?.fileType).toBe('UNDEFINED');
  });

  it('refuses a media template sent without its file (400 naming fileIdOrUrl) or with a link that is not public https, and stores nothing', async () => {
    for (const [fileIdOrUrl, key] of [
      [undefined, 'template.file_required'],
      [null, 'template.file_required'],
      ['   ', 'template.file_required'],
      ['catalogo.jpg', 'validation.invalid_file'],
      ['http://cdn.loja.com.br/catalogo.jpg', 'validation.invalid_file'],
    ] as const) {
      const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, mediaStart(fileIdOrUrl === undefined ? {} : { fileIdOrUrl }));
      expect(res.status, String(fileIdOrUrl)).toBe(400);
      const problem = ProblemDetails.parse(res.body);
      expect(problem.key).toBe(key);
      expect(problem.detail).toContain('"fileIdOrUrl"');
      expect(problem.errors).toEqual({ field: 'fileIdOrUrl', fileType: 'IMAGE' });
    }
    expect(sb.ctx.events.after(0)).toEqual([]);
    expect(sb.ctx.db.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 0 });
  });

  it('records the file on the message: type IMAGE, a file id, details.file with the public URL, in the list and the event too', async () => {
    const res = await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, mediaStart({ fileIdOrUrl: catalogUrl }));
    expect(res.status).toBe(200);
    const sent = SendMessageResponse.parse(res.body);
    const message = await getMessage(sent.id);
    expect(message).toMatchObject({
      type: 'IMAGE',
      templateId: sb.company.templates.catalogo,
      text: 'Oi Maria, nosso catálogo!',
      details: { file: { type: 'IMAGE', publicUrl: catalogUrl, name: 'verao-2025.jpg', extension: 'jpg' }, cost: { category: 'MARKETING' } },
    });
    expect(message.fileId).toBe(message.details.file?.id);
    const list = MessagePage.parse((await sb.api('GET', `/chat/v1/session/${sent.sessionId}/message`, sb.company.agents.ana.token)).body);
    expect(list.items[0]).toMatchObject({ type: 'IMAGE', fileId: message.fileId });
    const event = (sb.ctx.events.after(0) ?? []).find((e) => e.eventType === 'MESSAGE_SENT');
    expect(MessageDTO.parse(event?.content).details.file?.publicUrl).toBe(catalogUrl);
  });

  it('takes the id of an uploaded file as it is', async () => {
    const fileId = '5a0e8d2c-1b3f-4c6d-9e7a-2f4b6c8d0e1a';
    const sent = SendMessageResponse.parse((await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, mediaStart({ fileIdOrUrl: fileId }))).body);
    const message = await getMessage(sent.id);
    expect(message).toMatchObject({ type: 'IMAGE', fileId, details: { file: { id: fileId, publicUrl: null } } });
  });

  it('ignores a file given to a template without media', async () => {
    const sent = SendMessageResponse.parse((await sb.api('POST', '/chat/v1/send/template', sb.company.agents.ana.token, startBody({ fileIdOrUrl: catalogUrl }))).body);
    const message = await getMessage(sent.id);
    expect(message.type).toBe('TEXT');
    expect(message.fileId ?? null).toBeNull();
    expect(message.details.file).toBeUndefined();
  });

  it('in a conversation: the media template needs fileUrl or fileId, and text with a file is a file with its caption', async () => {
    const { ana } = sb.company.agents;
    const started = SendMessageResponse.parse((await sb.api('POST', '/chat/v1/send/template', ana.token, startBody())).body);
    const path = `/chat/v1/session/${started.sessionId}/message`;
    const template = { templateId: sb.company.templates.catalogo, parameters: { nome: 'Maria' } };

    const without = await sb.api('POST', path, ana.token, template);
    expect(without.status).toBe(400);
    expect(InternalException.parse(without.body)).toMatchObject({ key: 'template.file_required', details: { field: 'fileUrl' } });
    const textWithFile = await sb.api('POST', path, ana.token, { text: 'olha', fileUrl: catalogUrl });
    // No template: the text is the file's caption, held for the reply like text (the window is not open).
    expect(QuickMessageDTO.parse(textWithFile.body).status).toBe('WAIT_REPLY');
    expect(await getMessage(QuickMessageDTO.parse(textWithFile.body).id)).toMatchObject({ type: 'IMAGE', text: 'olha', details: { file: { publicUrl: catalogUrl } } });
    const both = await sb.api('POST', path, ana.token, { ...template, fileUrl: catalogUrl, fileId: '5a0e8d2c-1b3f-4c6d-9e7a-2f4b6c8d0e1a' });
    expect(InternalException.parse(both.body).key).toBe('validation.file_url_or_id');

    const ok = await sb.api('POST', path, ana.token, { ...template, fileUrl: catalogUrl });
    expect(ok.status).toBe(200);
    const message = await getMessage(QuickMessageDTO.parse(ok.body).id);
    expect(message).toMatchObject({ type: 'IMAGE', details: { file: { publicUrl: catalogUrl } } });
  });
});
