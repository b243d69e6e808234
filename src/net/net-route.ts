/**
 * The one way out of the core: the agents every outgoing connection uses — the REST client
 * (axios), the realtime socket (socket.io / engine.io / ws), file uploads and downloads, and the
 * setup screen's probe — built once from the chosen proxy (proxy-config.ts) and the trusted
 * certificates (trust.ts). Through a proxy, https-proxy-agent opens a CONNECT tunnel for http and
 * https targets alike (TLS to HelenaCRM then runs inside it, end to end); direct, Node's own agents
 * serve unless there are certificates to add.
 *
 * A route holds the proxy's credentials inside its agents; what it shows (`describe`, `proxyHost`)
 * never does.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import { checkServerIdentity, type PeerCertificate, type SecureContext } from 'node:tls';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { PROXY_AUTH, PROXY_REFUSED, PROXY_UNREACHABLE, ProxyConnectError } from './net-failures';
import { maskProxyUrl, proxyHost, type ProxyUrl } from './proxy-config';
import { buildTrust, type Trust } from './trust';

export interface NetRoute {
  /** For http: targets (the sandbox, a gateway on this computer). */
  readonly httpAgent: http.Agent;
  /** For https: targets. */
  readonly httpsAgent: http.Agent;
  /** host:port of the proxy, for the agent's messages; null when direct. */
  readonly proxyHost: string | null;
  /** For logs: the proxy with its credentials masked, and the certificates added. */
  readonly describe: string;
  /** Direct, with Node's own agents and certificates: nothing worth a log line. */
  readonly plain: boolean;
  /** The agent for a URL's scheme (callers that take one agent: the realtime socket). */
  agentFor(url: string | URL): http.Agent;
}

export interface NetRouteOptions {
  proxyUrl: ProxyUrl;
  /** HELENA_CA_FILE's certificates (already read and checked), or null. */
  extraCa?: string | null;
  /** Tests: whether to read the OS certificate store where Node can (default true). */
  systemStore?: boolean;
  warn?: (message: string) => void;
}

export function createNetRoute(options: NetRouteOptions): NetRoute {
  return routeWith(options.proxyUrl, trustFor(options));
}

function trustFor(options: NetRouteOptions): Trust {
  return buildTrust({
    extraCa: options.extraCa ?? null,
    ...(options.systemStore !== undefined ? { systemStore: options.systemStore } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
}

/**
 * A route whose proxy can change while the core runs (the laptop carried from the office's proxy
 * to home, a VPN switched on): every consumer keeps the one route it was given — axios instances,
 * the socket.io manager, the file transports all hold its agents — and those agents hand each new
 * connection to the route chosen last. What is under way on the old one finishes or fails there.
 */
export interface SwitchableRoute extends NetRoute {
  /** Takes `proxyUrl` for every connection from now on; false when it already was the one. */
  use(proxyUrl: ProxyUrl): boolean;
  /**
   * Closes the kept-alive connections nobody is using: after a sleep or a change of network they
   * are dead (the other end, or this computer's address, is gone) without knowing it, and the next
   * request would wait its whole deadline on one instead of dialling afresh.
   */
  dropIdleConnections(): void;
}

export function createSwitchableRoute(options: NetRouteOptions): SwitchableRoute {
  // Built once: the OS store and HELENA_CA_FILE do not change with the network, and reading the store is costly.
  const trust = trustFor(options);
  let current = routeWith(options.proxyUrl, trust);
  let currentUrl = options.proxyUrl;
  const httpAgent = new RouteAgent(() => current.httpAgent, false);
  const httpsAgent = new RouteAgent(() => current.httpsAgent, true);
  const dropIdle = (route: NetRoute): void => {
    for (const agent of new Set([route.httpAgent, route.httpsAgent])) {
      for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
    }
  };
  return {
    httpAgent,
    httpsAgent,
    get proxyHost() {
      return current.proxyHost;
    },
    get describe() {
      return current.describe;
    },
    get plain() {
      return current.plain;
    },
    agentFor: (url) => (new URL(url).protocol === 'https:' ? httpsAgent : httpAgent),
    use(proxyUrl) {
      if (proxyUrl === currentUrl) return false;
      const old = current;
      current = routeWith(proxyUrl, trust);
      currentUrl = proxyUrl;
      // Node's global agents are shared and stay; a tunnel agent of the old proxy is kept by nobody now.
      dropIdle(old);
      return true;
    },
    dropIdleConnections: () => dropIdle(current),
  };
}

/**
 * Hands each connection to the agent the route holds at that moment (agent-base passes the request
 * on when connect() answers with an agent). Whether the target is TLS is fixed per agent, as in
 * TunnelAgent: ws gives no protocol, and agent-base would otherwise guess from the call stack.
 */
class RouteAgent extends Agent {
  constructor(
    private readonly inner: () => http.Agent,
    private readonly secureTarget: boolean,
  ) {
    // Keep-alive here only lets the request ask for it; the inner agent decides what it keeps.
    super({ keepAlive: true });
  }

  override isSecureEndpoint(): boolean {
    return this.secureTarget;
  }

  override connect(): http.Agent {
    return this.inner();
  }
}

/** Node's own agents, no proxy, nothing added: what the core used before routes, and what tests get by default. */
export const DIRECT_ROUTE: NetRoute = routeWith(null, { secureContext: null, added: [] });

function routeWith(proxyUrl: ProxyUrl, trust: Trust): NetRoute {
  const secureContext = trust.secureContext ?? undefined;
  let httpAgent: http.Agent;
  let httpsAgent: http.Agent;
  if (proxyUrl !== null) {
    httpAgent = new TunnelAgent(proxyUrl, false, secureContext);
    httpsAgent = new TunnelAgent(proxyUrl, true, secureContext);
  } else if (secureContext) {
    httpAgent = http.globalAgent;
    // As https.globalAgent is set up (keep-alive, LIFO, 5 s idle), with the trusted certificates.
    httpsAgent = new https.Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5_000, secureContext });
  } else {
    httpAgent = http.globalAgent;
    httpsAgent = https.globalAgent;
  }
  const certificates = trust.added.length > 0 ? `; certificados: Node + ${trust.added.join(' + ')}` : '';
  return {
    httpAgent,
    httpsAgent,
    proxyHost: proxyUrl === null ? null : proxyHost(proxyUrl),
    describe: `${proxyUrl === null ? 'direto (sem proxy)' : `pelo proxy ${maskProxyUrl(proxyUrl)}`}${certificates}`,
    plain: proxyUrl === null && secureContext === undefined,
    agentFor: (url) => (new URL(url).protocol === 'https:' ? httpsAgent : httpAgent),
  };
}

interface ProxyAnswer {
  statusCode: number;
}

/**
 * https-proxy-agent, with what the app needs that it does not do by itself:
 *  - whether the target is TLS is fixed per agent (one for http:, one for https:), instead of
 *    guessed from the request (ws passes no protocol; agent-base then reads the call stack);
 *  - the trusted certificates, and the right name to check, reach the TLS connection to the
 *    target inside the tunnel: the library builds it from the request's options only (targetTls);
 *  - a proxy that is unreachable, or refuses the CONNECT (407 included), fails the request with
 *    a code of our own (net-failures.ts). The library instead replays the proxy's answer as if
 *    the target had sent it: a 407 or a 502 from the proxy would read as HelenaCRM's.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  private readonly where: string;

  constructor(
    proxyUrl: string,
    private readonly secureTarget: boolean,
    private readonly secureContext: SecureContext | undefined,
  ) {
    // The context here is for an https:// proxy's own certificate (connectOpts).
    super(proxyUrl, { keepAlive: true, ...(secureContext ? { secureContext } : {}) });
    this.where = proxyHost(proxyUrl);
  }

  override isSecureEndpoint(): boolean {
    return this.secureTarget;
  }

  override async connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<Socket> {
    // What the proxy answered the CONNECT with; the library tells only through this event.
    const proxy: { answer: number | null } = { answer: null };
    const heard = (connect: ProxyAnswer): void => {
      proxy.answer = connect.statusCode;
    };
    req.once('proxyConnect', heard);
    let socket: Socket;
    try {
      socket = await super.connect(req, opts.secureEndpoint ? this.targetTls(opts) : opts);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw this.failure(proxy.answer, proxy.answer === null ? `sem resposta (${typeof code === 'string' ? code : 'conexão encerrada'})` : null);
    } finally {
      req.removeListener('proxyConnect', heard);
    }
    if (proxy.answer !== 200) {
      // The library hands back a stand-in socket that would replay the proxy's answer: drop it.
      socket.destroy();
      throw this.failure(proxy.answer, null);
    }
    return socket;
  }

  /**
   * The TLS options for the server at the tunnel's end: the trusted certificates, and for a server
   * dialled by IP the name check against that IP — the library drops `host` from the options, and
   * an IP cannot go as SNI, so Node would check the certificate against "localhost".
   */
  private targetTls(opts: AgentConnectOpts & { secureEndpoint: true }): AgentConnectOpts {
    const target = opts.host;
    return {
      ...opts,
      ...(this.secureContext ? { secureContext: this.secureContext } : {}),
      ...(target && isIP(target) ? { checkServerIdentity: (_name: string, cert: PeerCertificate) => checkServerIdentity(target, cert) } : {}),
    };
  }

  private failure(answer: number | null, why: string | null): ProxyConnectError {
    const code = answer === null ? PROXY_UNREACHABLE : answer === 407 ? PROXY_AUTH : PROXY_REFUSED;
    return new ProxyConnectError(code, answer, `proxy ${this.where}: ${why ?? `CONNECT respondido com ${answer ?? '?'}`}`);
  }
}
