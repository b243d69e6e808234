/**
 * Channels, teams (HelenaCRM departments) and the signed-in agent: small lists replaced whole on
 * each sync, read by the start-conversation flow.
 */
import type Database from 'better-sqlite3';
import { AgentAvailability, type AgentDTO, type ChannelDTO, type ChannelType, type DepartmentDTO } from '../api/helena-dto';
import { parseJson, toBool, toJson } from './json';

export interface CachedChannel {
  id: string;
  type: ChannelType;
  active: boolean;
  number: string | null;
  numberFormatted: string | null;
  displayName: string | null;
  pictureUrl: string | null;
  updatedAt: string | null;
}

export interface TeamMember {
  userId: string;
  isAgent: boolean;
  isSupervisor: boolean;
}

export interface CachedTeam {
  id: string;
  name: string | null;
  isDefault: boolean;
  restrictionType: DepartmentDTO['restrictionType'];
  channels: NonNullable<DepartmentDTO['channels']>;
  agents: TeamMember[];
  updatedAt: string | null;
}

export interface SignedInAgent {
  id: string;
  userId: string;
  name: string | null;
  shortName: string | null;
  email: string | null;
  phoneNumber: string | null;
  profile: string | null;
  departments: Array<{ departmentId: string; isAgent: boolean; isSupervisor: boolean }>;
  /** "Disponível" (AVAILABLE) or "Em pausa" (UNAVAILABLE); null while HelenaCRM has not said. */
  availability: AgentAvailability | null;
  /** HelenaCRM's updatedAt of this version of the agent, when it sent one. */
  updatedAt: string | null;
}

interface ChannelRow {
  id: string;
  type: string;
  active: number;
  number: string | null;
  number_formatted: string | null;
  display_name: string | null;
  picture_url: string | null;
  updated_at: string | null;
}
interface TeamRow {
  id: string;
  name: string | null;
  is_default: number;
  restriction_type: string;
  channels: string;
  updated_at: string | null;
}
interface MemberRow {
  team_id: string;
  user_id: string;
  is_agent: number;
  is_supervisor: number;
}
interface MeRow {
  id: string;
  user_id: string;
  name: string | null;
  short_name: string | null;
  email: string | null;
  phone: string | null;
  profile: string | null;
  departments: string;
  availability: string | null;
  updated_at: string | null;
}

export class DirectoryRepo {
  private readonly replaceChannelsTx: (channels: readonly ChannelDTO[]) => void;
  private readonly replaceTeamsTx: (teams: readonly DepartmentDTO[]) => void;
  private readonly allChannels: Database.Statement<[], ChannelRow>;
  private readonly allTeams: Database.Statement<[], TeamRow>;
  private readonly allMembers: Database.Statement<[], MemberRow>;
  private readonly teamIdsOfUser: Database.Statement<[string], { team_id: string }>;
  private readonly saveMe: Database.Statement;
  private readonly loadMe: Database.Statement<[], MeRow>;
  private readonly deleteMe: Database.Statement<[]>;

  constructor(db: Database.Database, private readonly now: () => string = () => new Date().toISOString()) {
    const insertChannel = db.prepare(`INSERT INTO channels (id, type, active, number, number_formatted, display_name,
      picture_url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const deleteChannels = db.prepare('DELETE FROM channels');
    this.replaceChannelsTx = db.transaction((channels: readonly ChannelDTO[]) => {
      deleteChannels.run();
      for (const c of channels) {
        insertChannel.run(c.id, c.type, c.active ? 1 : 0, c.number, c.numberFormatted ?? null, c.identity.displayName,
          c.identity.pictureUrl ?? null, c.createdAt ?? null, c.updatedAt ?? null);
      }
    });
    const insertTeam = db.prepare(`INSERT INTO teams (id, name, is_default, restriction_type, channels, created_at,
      updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    const insertMember = db.prepare(
      'INSERT OR REPLACE INTO team_agents (team_id, user_id, is_agent, is_supervisor) VALUES (?, ?, ?, ?)',
    );
    const deleteTeams = db.prepare('DELETE FROM teams');
    this.replaceTeamsTx = db.transaction((teams: readonly DepartmentDTO[]) => {
      deleteTeams.run(); // members go with their team (ON DELETE CASCADE)
      for (const t of teams) {
        insertTeam.run(t.id, t.name, t.isDefault ? 1 : 0, t.restrictionType, toJson(t.channels ?? []),
          t.createdAt ?? null, t.updatedAt ?? null);
        for (const a of t.agents ?? []) insertMember.run(t.id, a.userId, a.isAgent ? 1 : 0, a.isSupervisor ? 1 : 0);
      }
    });
    this.allChannels = db.prepare(
      'SELECT id, type, active, number, number_formatted, display_name, picture_url, updated_at FROM channels ORDER BY display_name, id',
    );
    this.allTeams = db.prepare('SELECT id, name, is_default, restriction_type, channels, updated_at FROM teams ORDER BY name, id');
    this.allMembers = db.prepare('SELECT team_id, user_id, is_agent, is_supervisor FROM team_agents');
    this.teamIdsOfUser = db.prepare('SELECT team_id FROM team_agents WHERE user_id = ?');
    this.saveMe = db.prepare(`INSERT OR REPLACE INTO me (slot, id, user_id, name, short_name, email, phone, profile,
      departments, availability, updated_at, saved_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.loadMe = db.prepare(
      'SELECT id, user_id, name, short_name, email, phone, profile, departments, availability, updated_at FROM me WHERE slot = 1',
    );
    this.deleteMe = db.prepare('DELETE FROM me');
  }

  /** Replaces the channel list (GET /chat/v1/channel answers the whole list). */
  replaceChannels(channels: readonly ChannelDTO[]): void {
    this.replaceChannelsTx(channels);
  }

  channels(options: { activeOnly?: boolean } = {}): CachedChannel[] {
    return this.allChannels
      .all()
      .filter((row) => !options.activeOnly || row.active !== 0)
      .map((row) => ({
        id: row.id,
        type: row.type as ChannelType,
        active: toBool(row.active),
        number: row.number,
        numberFormatted: row.number_formatted,
        displayName: row.display_name,
        pictureUrl: row.picture_url,
        updatedAt: row.updated_at,
      }));
  }

  /** Replaces the team list (GET /core/v2/department answers the whole list). */
  replaceTeams(teams: readonly DepartmentDTO[]): void {
    this.replaceTeamsTx(teams);
  }

  teams(): CachedTeam[] {
    const members = new Map<string, TeamMember[]>();
    for (const m of this.allMembers.all()) {
      const list = members.get(m.team_id) ?? [];
      list.push({ userId: m.user_id, isAgent: toBool(m.is_agent), isSupervisor: toBool(m.is_supervisor) });
      members.set(m.team_id, list);
    }
    return this.allTeams.all().map((row) => ({
      id: row.id,
      name: row.name,
      isDefault: toBool(row.is_default),
      restrictionType: row.restriction_type as CachedTeam['restrictionType'],
      channels: parseJson<CachedTeam['channels']>(row.channels, []),
      agents: members.get(row.id) ?? [],
      updatedAt: row.updated_at,
    }));
  }

  /** Teams the user belongs to: the only ones offered when starting a conversation. */
  teamsOfUser(userId: string): CachedTeam[] {
    const ids = new Set(this.teamIdsOfUser.all(userId).map((row) => row.team_id));
    return this.teams().filter((team) => ids.has(team.id));
  }

  /**
   * Saves the signed-in agent as HelenaCRM answered. An answer older than the version kept for the
   * same agent (a directory pull that read it before this app changed the availability) is
   * dropped: returns false then.
   */
  setMe(agent: AgentDTO): boolean {
    const kept = this.loadMe.get();
    if (kept && kept.id === agent.id && kept.updated_at && agent.updatedAt && agent.updatedAt < kept.updated_at) return false;
    const departments = (agent.departments ?? []).map((d) => ({
      departmentId: d.departmentId,
      isAgent: d.isAgent,
      isSupervisor: d.isSupervisor,
    }));
    this.saveMe.run(agent.id, agent.userId, agent.name, agent.shortName ?? null, agent.email, agent.phoneNumber,
      agent.profile, toJson(departments), agent.availability ?? null, agent.updatedAt ?? null, this.now());
    return true;
  }

  me(): SignedInAgent | null {
    const row = this.loadMe.get();
    if (!row) return null;
    return {
      id: row.id,
      userId: row.user_id,
      name: row.name,
      shortName: row.short_name,
      email: row.email,
      phoneNumber: row.phone,
      profile: row.profile,
      departments: parseJson<SignedInAgent['departments']>(row.departments, []),
      availability: AgentAvailability.safeParse(row.availability).data ?? null,
      updatedAt: row.updated_at,
    };
  }

  clearMe(): void {
    this.deleteMe.run();
  }
}
