export { RealtimeConnection, REALTIME_PATH } from './realtime-connection';
export type { RealtimeAuthError, RealtimeConnectionOptions, RealtimeLogger, RealtimeState } from './realtime-connection';
export { parseRealtimePayload } from './payload';
export type { ParsedPayload, RealtimeMessage } from './payload';
