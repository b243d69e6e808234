/** How the core reaches HelenaCRM: which proxy, which certificates, the agents every connection uses. */
export * from './net-failures';
export * from './net-route';
export * from './proxy-config';
export * from './trust';
export * from './proxy-resolver';
export * from './network-watch';
