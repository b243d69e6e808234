/**
 * Channels, teams (departments) and agents: rows → HelenaCRM DTOs (PublicChannelDTO,
 * PublicDepartmentDTOV2, PublicAgentDTO). These lists are small (tens of rows): read whole.
 */
import { ChannelType, sessionChannelTypeOf, type AgentAvailability, type AgentDTO, type ChannelDTO, type DepartmentDTO, type SessionChannelType } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import type { RequestAgent } from '../request-agent';
import type { Profile } from '../../src/domain/visibility';
import { formatBrazilianPhone } from './contacts';

export interface ChannelRow {
  id: string;
  type: string;
  number: string | null;
  display_name: string;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface DepartmentRow {
  id: string;
  name: string;
  is_default: number;
  restriction_type: string;
  created_at: string;
  updated_at: string;
}

export interface AgentRow {
  id: string;
  user_id: string;
  name: string;
  short_name: string | null;
  email: string;
  phone: string | null;
  profile: Profile;
  availability: AgentAvailability;
  created_at: string;
  updated_at: string;
}

interface MembershipRow {
  department_id: string;
  user_id: string;
  is_agent: number;
  is_supervisor: number;
}

const PROVIDER: Record<string, string> = {
  CloudAPI_WhatsApp: 'CloudAPI',
  Dialog360_WhatsApp: 'Dialog360',
  ZAPI_WhatsApp: 'ZAPI',
  EvolutionApi_WhatsApp: 'EvolutionApi',
  Instagram: 'Instagram',
  Messenger: 'Messenger',
};

/** `ChannelType` query of GET /chat/v1/channel → the channel types it selects. */
export const CHANNEL_TYPE_FILTER: Record<'All' | 'Whatsapp' | 'Messenger' | 'Instagram', (type: string) => boolean> = {
  All: () => true,
  Whatsapp: (type) => type.endsWith('_WhatsApp'),
  Messenger: (type) => type === 'Messenger',
  Instagram: (type) => type === 'Instagram',
};

/** A `channels.type` value in the upper-case spelling of sessions and templates (`CLOUDAPI_WHATSAPP`); null when absent or unknown. */
export function sessionChannelTypeOfColumn(type: string | null): SessionChannelType | null {
  const parsed = ChannelType.safeParse(type);
  return parsed.success ? sessionChannelTypeOf(parsed.data) : null;
}

export function toChannelDTO(row: ChannelRow): ChannelDTO {
  const isWhatsApp = row.type.endsWith('_WhatsApp');
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    active: row.active === 1,
    type: row.type as ChannelType,
    number: row.number,
    numberFormatted: formatBrazilianPhone(row.number),
    identity: {
      humanId: row.number ?? row.display_name,
      platform: isWhatsApp ? 'WhatsApp' : row.type,
      provider: PROVIDER[row.type] ?? row.type,
      providerVariable: null,
      pictureUrl: null,
      displayName: row.display_name,
    },
  };
}

export function listChannels(ctx: SandboxContext): ChannelRow[] {
  return ctx.db.prepare<[], ChannelRow>('SELECT * FROM channels ORDER BY created_at, id').all();
}

function memberships(ctx: SandboxContext): MembershipRow[] {
  return ctx.db.prepare<[], MembershipRow>('SELECT * FROM department_agents ORDER BY department_id, user_id').all();
}

export function listDepartments(ctx: SandboxContext): DepartmentDTO[] {
  const departments = ctx.db.prepare<[], DepartmentRow>('SELECT * FROM departments ORDER BY is_default DESC, name, id').all();
  const members = memberships(ctx);
  const links = ctx.db
    .prepare<[], ChannelRow & { department_id: string }>(
      `SELECT dc.department_id, c.* FROM department_channels dc JOIN channels c ON c.id = dc.channel_id ORDER BY c.created_at, c.id`,
    )
    .all();
  return departments.map((d) => ({
    id: d.id,
    companyId: ctx.companyId,
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    name: d.name,
    isDefault: d.is_default === 1,
    distribuitionEnabled: false,
    restrictionType: d.restriction_type as DepartmentDTO['restrictionType'],
    agents: members
      .filter((m) => m.department_id === d.id)
      .map((m) => ({ userId: m.user_id, departmentId: d.id, isAgent: m.is_agent === 1, isSupervisor: m.is_supervisor === 1 })),
    channels: links
      .filter((c) => c.department_id === d.id)
      .map((c) => ({ id: c.id, number: c.number, name: c.display_name, type: c.type })),
  }));
}

function agentDTO(ctx: SandboxContext, row: AgentRow, members: MembershipRow[]): AgentDTO {
  return {
    id: row.id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    companyId: ctx.companyId,
    userId: row.user_id,
    name: row.name,
    shortName: row.short_name,
    email: row.email,
    phoneNumber: row.phone,
    phoneNumberFormatted: formatBrazilianPhone(row.phone),
    profile: row.profile,
    isOwner: false,
    departments: members
      .filter((m) => m.user_id === row.user_id)
      .map((m) => ({ agentId: row.id, userId: m.user_id, departmentId: m.department_id, isAgent: m.is_agent === 1, isSupervisor: m.is_supervisor === 1 })),
    availability: row.availability,
  };
}

export function listAgents(ctx: SandboxContext): AgentDTO[] {
  const members = memberships(ctx);
  return ctx.db
    .prepare<[], AgentRow>('SELECT * FROM agents ORDER BY name, id')
    .all()
    .map((row) => agentDTO(ctx, row, members));
}

export function agentByUserId(ctx: SandboxContext, userId: string): AgentRow | undefined {
  return ctx.db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE user_id = ?').get(userId);
}

export function agentById(ctx: SandboxContext, id: string): AgentRow | undefined {
  return ctx.db.prepare<[string], AgentRow>('SELECT * FROM agents WHERE id = ?').get(id);
}

export function toAgentDTO(ctx: SandboxContext, row: AgentRow): AgentDTO {
  const members = ctx.db
    .prepare<[string], MembershipRow>('SELECT * FROM department_agents WHERE user_id = ? ORDER BY department_id')
    .all(row.user_id);
  return agentDTO(ctx, row, members);
}

/** Sets an agent's availability ("Em pausa" = UNAVAILABLE); `updated_at` moves only when it changes. */
export function setAgentAvailability(ctx: SandboxContext, row: AgentRow, availability: AgentAvailability): AgentRow {
  if (row.availability === availability) return row;
  const next: AgentRow = { ...row, availability, updated_at: ctx.clock.iso() };
  ctx.db.prepare('UPDATE agents SET availability = ?, updated_at = ? WHERE id = ?').run(next.availability, next.updated_at, next.id);
  return next;
}

/** The request agent (visibility viewer) of an agent row, with its current teams. */
export function requestAgentOf(ctx: SandboxContext, row: AgentRow): RequestAgent {
  const departmentIds = ctx.db
    .prepare<[string], { department_id: string }>('SELECT department_id FROM department_agents WHERE user_id = ? ORDER BY department_id')
    .all(row.user_id)
    .map((m) => m.department_id);
  return { agentId: row.id, userId: row.user_id, profile: row.profile, departmentIds, name: row.name, email: row.email };
}
