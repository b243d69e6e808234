/**
 * The demo company: who logs in, its teams, channels, templates and contacts. Agents train on
 * it, so it reads like a real Brazilian small business. Ids are name-based (stableUuid) and so
 * the same on every run and machine.
 */
import { stableUuid } from '../data/ids';
import type { Profile } from '../../src/domain/visibility';
import type { TemplateKind } from '../../src/api/helena-dto';

export const COMPANY = { id: stableUuid('company'), name: 'Helena Demo Comércio Ltda.' };

export const TEAM = {
  vendas: { id: stableUuid('team:vendas'), name: 'Vendas', isDefault: true },
  suporte: { id: stableUuid('team:suporte'), name: 'Suporte', isDefault: false },
  financeiro: { id: stableUuid('team:financeiro'), name: 'Financeiro', isDefault: false },
} as const;
export type TeamKey = keyof typeof TEAM;

export const CHANNEL = {
  official: {
    id: stableUuid('channel:cloudapi'),
    type: 'CloudAPI_WhatsApp',
    number: '+5511930040001',
    displayName: 'Helena Demo · WhatsApp Oficial',
    teams: ['vendas', 'suporte', 'financeiro'] as TeamKey[],
  },
  qr: {
    id: stableUuid('channel:evolution'),
    type: 'EvolutionApi_WhatsApp',
    number: '+5511930040002',
    displayName: 'Helena Demo · WhatsApp QR Code',
    teams: ['vendas', 'suporte'] as TeamKey[],
  },
  instagram: {
    id: stableUuid('channel:instagram'),
    type: 'Instagram',
    number: null,
    displayName: '@helena.demo',
    teams: ['vendas'] as TeamKey[],
  },
} as const;

export interface DemoAgent {
  key: 'admin' | 'agent' | 'agent2' | 'restricted';
  name: string;
  shortName: string;
  email: string;
  phone: string;
  profile: Profile;
  /** Teams, and whether the agent supervises them. */
  teams: { team: TeamKey; supervisor: boolean }[];
}

export const DEMO_AGENTS: readonly DemoAgent[] = [
  {
    key: 'admin',
    name: 'Conceição Gonçalves',
    shortName: 'Conceição',
    email: 'conceicao.goncalves@demo.helena.com.br',
    phone: '+5511991110001',
    profile: 'Admin',
    teams: [
      { team: 'vendas', supervisor: true },
      { team: 'suporte', supervisor: true },
      { team: 'financeiro', supervisor: true },
    ],
  },
  {
    key: 'agent',
    name: 'Ana Lúcia Souza',
    shortName: 'Ana Lúcia',
    email: 'ana.souza@demo.helena.com.br',
    phone: '+5511991110002',
    profile: 'Agent',
    teams: [
      { team: 'vendas', supervisor: false },
      { team: 'suporte', supervisor: false },
    ],
  },
  {
    key: 'agent2',
    name: 'João Pedro Araújo',
    shortName: 'João Pedro',
    email: 'joao.araujo@demo.helena.com.br',
    phone: '+5521991110003',
    profile: 'Agent',
    teams: [
      { team: 'suporte', supervisor: false },
      { team: 'financeiro', supervisor: false },
    ],
  },
  {
    key: 'restricted',
    name: 'Luís Fernando Magalhães',
    shortName: 'Luís',
    email: 'luis.magalhaes@demo.helena.com.br',
    phone: '+5531991110004',
    profile: 'RestrictedAgent',
    teams: [{ team: 'vendas', supervisor: false }],
  },
];

/** Logins of the demo agents, for the README, the CLI banner and tests. */
export const DEMO_LOGINS = {
  admin: 'conceicao.goncalves@demo.helena.com.br',
  agent: 'ana.souza@demo.helena.com.br',
  agent2: 'joao.araujo@demo.helena.com.br',
  restricted: 'luis.magalhaes@demo.helena.com.br',
} as const satisfies Record<DemoAgent['key'], string>;

export function demoAgentIds(agent: Pick<DemoAgent, 'key'>): { id: string; userId: string } {
  return { id: stableUuid(`agent:${agent.key}`), userId: stableUuid(`user:${agent.key}`) };
}

export interface DemoTemplate {
  key: string;
  name: string;
  text: string;
  footer?: string;
  channel: keyof typeof CHANNEL | null;
  kinds: TemplateKind[];
  status: 'Approved' | 'InRevision' | 'Disapproved';
  category: 'Marketing' | 'Utilidade' | null;
  quickReplyAlias?: string;
  /** A media header: the template goes out only with its image, video or document (`fileIdOrUrl`). */
  fileType?: 'IMAGE' | 'VIDEO' | 'DOCUMENT';
  /** Empty = every team. */
  teams: TeamKey[];
}

export const DEMO_TEMPLATES: readonly DemoTemplate[] = [
  {
    key: 'boas_vindas',
    name: 'boas_vindas',
    text: 'Olá {{nome}}, tudo bem? Aqui é {{atendente}}, da Helena Demo. Podemos falar sobre o seu atendimento?',
    footer: 'Helena Demo',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Utilidade',
    teams: [],
  },
  {
    key: 'oferta_do_mes',
    name: 'oferta_do_mes',
    text: 'Oi {{nome}}! Em {{mes}} os planos anuais da Helena Demo estão com {{desconto}} de desconto. Quer saber mais?',
    footer: 'Para não receber ofertas, responda SAIR.',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Marketing',
    teams: ['vendas'],
  },
  {
    key: 'lembrete_pagamento',
    name: 'lembrete_pagamento',
    text: 'Olá {{nome}}, a fatura {{fatura}} vence em {{vencimento}}. Precisa da segunda via ou de ajuda com o pagamento?',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Utilidade',
    teams: ['financeiro'],
  },
  {
    key: 'retorno_chamado',
    name: 'retorno_chamado',
    text: 'Olá {{nome}}, o seu chamado {{protocolo}} foi atualizado. Podemos continuar o atendimento por aqui?',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Utilidade',
    teams: ['suporte'],
  },
  {
    key: 'confirmacao_visita',
    name: 'confirmacao_visita',
    text: 'Olá {{nome}}, confirmando a visita técnica em {{data}} às {{hora}}. Responda SIM para confirmar.',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Utilidade',
    teams: ['vendas', 'suporte'],
  },
  {
    key: 'catalogo_produtos',
    name: 'catalogo_produtos',
    text: 'Oi {{nome}}! Chegou o catálogo novo da Helena Demo, com os lançamentos da estação. Quer que eu separe algum item para você?',
    footer: 'Helena Demo',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Marketing',
    fileType: 'IMAGE',
    teams: [],
  },
  {
    key: 'proposta_comercial',
    name: 'proposta_comercial',
    text: 'Olá {{nome}}, segue a proposta comercial {{proposta}} em PDF, como combinamos. Qualquer dúvida, é só responder por aqui.',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Utilidade',
    fileType: 'DOCUMENT',
    teams: ['vendas'],
  },
  {
    key: 'pesquisa_satisfacao',
    name: 'pesquisa_satisfacao',
    text: 'Oi {{nome}}, de 0 a 10, quanto você recomendaria a Helena Demo a um amigo?',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'InRevision',
    category: 'Marketing',
    teams: [],
  },
  {
    key: 'promocao_relampago',
    name: 'promocao_relampago',
    text: 'ÚLTIMAS HORAS, {{nome}}! Tudo com {{desconto}} OFF só hoje!!!',
    channel: 'official',
    kinds: ['TEMPLATE'],
    status: 'Disapproved',
    category: 'Marketing',
    teams: ['vendas'],
  },
  {
    key: 'saudacao_qr',
    name: 'saudacao_qr',
    text: 'Oi {{nome}}! Aqui é da Helena Demo. Como podemos ajudar?',
    channel: 'qr',
    kinds: ['TEMPLATE'],
    status: 'Approved',
    category: 'Utilidade',
    teams: [],
  },
  {
    key: 'qr_obrigado',
    name: 'Agradecimento',
    text: 'Obrigado pelo contato, {{nome}}! Qualquer dúvida é só chamar por aqui.',
    channel: null,
    kinds: ['QUICKREPLY'],
    status: 'Approved',
    category: null,
    quickReplyAlias: 'obrigado',
    teams: [],
  },
  {
    key: 'qr_horario',
    name: 'Horário de atendimento',
    text: 'Nosso horário de atendimento é de segunda a sexta, das 8h às 18h, e aos sábados das 9h às 13h.',
    channel: null,
    kinds: ['QUICKREPLY'],
    status: 'Approved',
    category: null,
    quickReplyAlias: 'horario',
    teams: [],
  },
  {
    key: 'qr_pix',
    name: 'Chave Pix',
    text: 'Segue a chave Pix para pagamento, {{nome}}: {{chave_pix}}. Assim que pagar, envie o comprovante por aqui.',
    channel: null,
    kinds: ['QUICKREPLY'],
    status: 'Approved',
    category: null,
    quickReplyAlias: 'pix',
    teams: ['financeiro'],
  },
];

/**
 * The demo company's tags ("etiquetas", GET /core/v1/tag): those the demo contacts carry, and
 * "retorno" and "orçamento enviado", which no contact has yet, for agents to try tagging.
 */
export const DEMO_TAGS: readonly { name: string; color: string }[] = [
  { name: 'cliente', color: 'GREEN_500' },
  { name: 'lead', color: 'BLUE_400' },
  { name: 'vip', color: 'YELLOW_500' },
  { name: 'inadimplente', color: 'RED_500' },
  { name: 'empresa', color: 'PURPLE_400' },
  { name: 'retorno', color: 'SKY_400' },
  { name: 'orçamento enviado', color: 'BROWN_300' },
];

export interface DemoContact {
  name: string;
  phone: string;
  email: string | null;
  tags?: string[];
  city?: string;
  annotation?: string;
  /** Custom fields (sandbox/data/custom-fields.ts) as a customer record has them; the plan by its option's name. */
  customer?: { plano?: 'Básico' | 'Premium' | 'Empresarial'; desde?: string; pedido?: string; ofertas?: boolean; score?: number };
  /** null = never replies. */
  replyAfterMs: number | null;
  reply?: string;
}

export const DEMO_CONTACTS: readonly DemoContact[] = [
  { name: 'João da Silva', phone: '+5511987654321', email: 'joao.silva@gmail.com', tags: ['cliente'], city: 'São Paulo', customer: { plano: 'Premium', desde: '2019-05-10', pedido: '#48102', ofertas: true, score: 720 }, replyAfterMs: 3000, reply: 'Oi! Tudo bem, pode falar.' },
  { name: 'Maria da Conceição Santos', phone: '+5511976543210', email: 'conceicao.santos@hotmail.com', tags: ['cliente', 'vip'], city: 'São Paulo', customer: { plano: 'Empresarial', desde: '2017-11-03', pedido: '#47990', ofertas: false, score: 810 }, replyAfterMs: 4000, reply: 'Olá, bom dia! Em que posso ajudar?' },
  { name: 'Ana Lúcia Gonçalves', phone: '+5521998877665', email: 'analucia.goncalves@yahoo.com.br', city: 'Rio de Janeiro', replyAfterMs: 5000, reply: 'Oi, recebi sim. Quero saber mais!' },
  { name: 'José Antônio Pereira', phone: '+5531987651234', email: 'jose.pereira@uol.com.br', tags: ['inadimplente'], city: 'Belo Horizonte', customer: { plano: 'Básico', desde: '2022-06-30', pedido: '#46001', ofertas: false, score: 410 }, replyAfterMs: 6000, reply: 'Boa tarde. Vou pagar amanhã, pode ser?' },
  { name: 'Francisca Araújo Lima', phone: '+5585988112233', email: 'francisca.lima@gmail.com', city: 'Fortaleza', replyAfterMs: 3500, reply: 'Oi! Pode mandar os detalhes.' },
  { name: 'Sebastião Magalhães', phone: '+5571991234567', email: null, city: 'Salvador', annotation: 'Prefere ligação à tarde.', replyAfterMs: null },
  { name: 'Luíza Helena Brandão', phone: '+5541996655443', email: 'luiza.brandao@outlook.com', tags: ['lead'], city: 'Curitiba', replyAfterMs: 7000, reply: 'Olá! Vi a mensagem agora. Qual o valor?' },
  { name: 'Antônio Carlos Simões', phone: '+5551984433221', email: 'antonio.simoes@terra.com.br', city: 'Porto Alegre', replyAfterMs: 8000, reply: 'Bom dia, tudo certo por aqui.' },
  { name: 'Márcia Regina Falcão', phone: '+5561992223344', email: 'marcia.falcao@gmail.com', tags: ['cliente'], city: 'Brasília', customer: { plano: 'Premium', desde: '2021-09-14', pedido: '#48177', ofertas: true }, replyAfterMs: 4500, reply: 'Oi, obrigada pelo retorno!' },
  { name: 'Raimundo Nonato Leão', phone: '+5591981112222', email: null, city: 'Belém', replyAfterMs: 6500, reply: 'Opa, tudo bom? Pode falar.' },
  { name: 'Cláudia Assunção', phone: '+5581997766554', email: 'claudia.assuncao@bol.com.br', city: 'Recife', customer: { plano: 'Básico', desde: '2023-08-01', pedido: '#48213', ofertas: true }, replyAfterMs: 3000, reply: 'Oi! Sim, tenho interesse.' },
  { name: 'Fábio Guimarães', phone: '+5519993344556', email: 'fabio.guimaraes@gmail.com', tags: ['lead'], city: 'Campinas', replyAfterMs: 5500, reply: 'Pode me mandar o orçamento?' },
  { name: 'Patrícia Peçanha', phone: '+5522998811223', email: 'patricia.pecanha@hotmail.com', city: 'Campos dos Goytacazes', replyAfterMs: 4000, reply: 'Oi, pode sim!' },
  { name: 'Sérgio Estêvão Rocha', phone: '+5527999887766', email: 'sergio.rocha@empresa.com.br', tags: ['cliente', 'empresa'], city: 'Vitória', customer: { plano: 'Empresarial', desde: '2020-02-17', ofertas: false }, replyAfterMs: 7500, reply: 'Bom dia. Estou em reunião, mas já respondo.' },
  { name: 'Letícia Damião', phone: '+5548991122334', email: 'leticia.damiao@gmail.com', city: 'Florianópolis', replyAfterMs: 3200, reply: 'Oii, tudo ótimo! E aí?' },
  { name: 'Vinícius Romão', phone: '+5562984455667', email: 'vinicius.romao@outlook.com', city: 'Goiânia', replyAfterMs: null },
  { name: 'Jéssica Aragão', phone: '+5565996677889', email: 'jessica.aragao@yahoo.com.br', tags: ['vip'], city: 'Cuiabá', customer: { plano: 'Premium', desde: '2018-04-22', pedido: '#48199', ofertas: true }, replyAfterMs: 6000, reply: 'Olá! Quero agendar para semana que vem.' },
  { name: 'Otávio Galvão', phone: '+5567993322114', email: 'otavio.galvao@gmail.com', city: 'Campo Grande', replyAfterMs: 4200, reply: 'Oi, recebi. Qual o próximo passo?' },
  { name: 'Heloísa Cavalcanti', phone: '+5583998765432', email: 'heloisa.cavalcanti@gmail.com', city: 'João Pessoa', replyAfterMs: 5200, reply: 'Boa tarde! Pode me explicar melhor?' },
  { name: 'André Luís Albuquerque', phone: '+5584991239876', email: 'andre.albuquerque@uol.com.br', tags: ['cliente'], city: 'Natal', customer: { plano: 'Básico', desde: '2024-01-09', pedido: '#48150' }, replyAfterMs: 3800, reply: 'Opa! Tudo certo, obrigado.' },
  { name: 'Cecília Bezerra', phone: '+5586994561237', email: 'cecilia.bezerra@hotmail.com', city: 'Teresina', replyAfterMs: 7000, reply: 'Oi! Ainda está valendo a promoção?' },
  { name: 'Benício Moura', phone: '+5592992345678', email: 'benicio.moura@gmail.com', city: 'Manaus', replyAfterMs: 4800, reply: 'Olá, pode continuar sim.' },
  { name: 'Lívia Cunha', phone: '+5598987123456', email: 'livia.cunha@gmail.com', tags: ['lead'], city: 'São Luís', replyAfterMs: 3300, reply: 'Oi! Me conta mais.' },
  { name: 'Heitor Batista', phone: '+5579996543219', email: 'heitor.batista@terra.com.br', city: 'Aracaju', replyAfterMs: 6800, reply: 'Bom dia! Já paguei o boleto.' },
  { name: 'Valentina Castro', phone: '+5582993216549', email: 'valentina.castro@gmail.com', city: 'Maceió', replyAfterMs: 4100, reply: 'Oi, tudo bem? Sim, confirmo.' },
  { name: 'Gustavo Conceição', phone: '+5569992584613', email: 'gustavo.conceicao@outlook.com', city: 'Porto Velho', replyAfterMs: 5900, reply: 'Opa, recebi aqui.' },
  { name: 'Lúcia Helena Correia', phone: '+5512997418529', email: 'lucia.correia@bol.com.br', tags: ['cliente'], city: 'São José dos Campos', customer: { plano: 'Premium', desde: '2016-07-05', pedido: '#48064', ofertas: false }, replyAfterMs: 3600, reply: 'Olá! Preciso da segunda via.' },
  { name: 'Rogério Xavier', phone: '+5513996329874', email: 'rogerio.xavier@gmail.com', city: 'Santos', replyAfterMs: 7200, reply: 'Fala! Pode mandar.' },
  { name: 'Débora Monteiro', phone: '+5514998521473', email: 'debora.monteiro@hotmail.com', city: 'Bauru', replyAfterMs: 4400, reply: 'Oi, tudo bem sim! E com você?' },
  { name: 'Júlio César Medeiros', phone: '+5516991472583', email: 'julio.medeiros@uol.com.br', tags: ['empresa'], city: 'Ribeirão Preto', customer: { plano: 'Empresarial', desde: '2022-10-11' }, replyAfterMs: 5600, reply: 'Boa tarde. Aguardo a proposta.' },
  { name: 'Rosângela Borges', phone: '+5517993692581', email: 'rosangela.borges@gmail.com', city: 'São José do Rio Preto', replyAfterMs: 3900, reply: 'Oi! Pode ser amanhã?' },
  { name: 'Flávio Fonseca', phone: '+5524998745612', email: 'flavio.fonseca@yahoo.com.br', city: 'Volta Redonda', replyAfterMs: 6300, reply: 'Olá, recebi a mensagem.' },
  { name: 'Terezinha Queiroz', phone: '+5532991597534', email: null, city: 'Juiz de Fora', replyAfterMs: 7800, reply: 'Oi meu filho, pode falar.' },
  { name: 'Caio Farias', phone: '+5534997536984', email: 'caio.farias@gmail.com', tags: ['lead'], city: 'Uberlândia', replyAfterMs: 3100, reply: 'E aí! Bora fechar?' },
  { name: 'Aparecida Sampaio', phone: '+5535996547893', email: 'aparecida.sampaio@hotmail.com', city: 'Poços de Caldas', replyAfterMs: 5100, reply: 'Olá, boa tarde!' },
  { name: 'Mário Sérgio Nogueira', phone: '+5543998523697', email: 'mario.nogueira@empresa.com.br', tags: ['cliente', 'empresa'], city: 'Londrina', replyAfterMs: 4600, reply: 'Bom dia. Pode seguir com o pedido.' },
  { name: 'Ângela Tavares', phone: '+5547991236547', email: 'angela.tavares@gmail.com', city: 'Joinville', replyAfterMs: 6100, reply: 'Oi! Quanto fica o frete?' },
  { name: 'Samuel Brito', phone: '+5553994563217', email: 'samuel.brito@outlook.com', city: 'Pelotas', replyAfterMs: 3400, reply: 'Opa, valeu pelo contato!' },
  { name: 'Natália Lacerda', phone: '+5554997893214', email: 'natalia.lacerda@gmail.com', tags: ['vip'], city: 'Caxias do Sul', replyAfterMs: 5300, reply: 'Oi! Pode me ligar?' },
  { name: 'Eduardo Pacheco', phone: '+5566992581476', email: 'eduardo.pacheco@terra.com.br', city: 'Rondonópolis', replyAfterMs: 4700, reply: 'Boa noite, recebi sim.' },
];
