/** Agent login and Bearer-token authentication (sandbox extension under /auth/v1). */
export { registerAuthHook, requireAgent, needsAgent } from './hook';
export { registerAuthRoutes } from './routes';
export { agentFromToken, authenticateToken, bearerTokenOf, type TokenCheck, type TokenFailureKey } from './token';
export { normaliseLogin, latestLoginCode, hashToken, MAX_CODE_ATTEMPTS } from './login';
