/**
 * `npm run web`: serves the same app in a browser tab through the web host (loopback WebSocket
 * bridge). The web host and renderer are later issues; this says so instead of failing.
 */
console.log('Helena Desk (web): o host web e a interface ainda não foram construídos (próximas etapas). Use `npm run sandbox` para o servidor de demonstração.');
