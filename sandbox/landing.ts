/**
 * GET / : a small pt-BR page that tells whoever opens the sandbox in a browser what it is and
 * how to log in. Demo agents read it during training, so it lists the real demo logins.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from './context';

const PROFILE_LABEL: Record<string, string> = { Admin: 'Administrador', Agent: 'Atendente', RestrictedAgent: 'Atendente restrito' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function registerLandingPage(app: FastifyInstance, ctx: SandboxContext): void {
  const agents = ctx.db.prepare('SELECT name, email, phone, profile FROM agents ORDER BY profile, name');
  const counts = ctx.db.prepare(
    "SELECT (SELECT COUNT(*) FROM contacts) AS contacts, (SELECT COUNT(*) FROM channels) AS channels, (SELECT COUNT(*) FROM departments) AS teams, (SELECT COUNT(*) FROM templates) AS templates",
  );
  app.get('/', async (_request, reply) => {
    const rows = agents.all() as { name: string; email: string; phone: string | null; profile: string }[];
    const c = counts.get() as { contacts: number; channels: number; teams: number; templates: number };
    const list = rows
      .map((a) => `<tr><td>${escapeHtml(a.name)}</td><td><code>${escapeHtml(a.email)}</code></td><td>${escapeHtml(a.phone ?? '')}</td><td>${escapeHtml(PROFILE_LABEL[a.profile] ?? a.profile)}</td></tr>`)
      .join('');
    const controlNote = ctx.options.control
      ? '<p>API de controle ligada: <code>GET /control/v1/login-code?login=…</code> devolve o último código.</p>'
      : '<p>O código de acesso aparece no terminal onde o sandbox está rodando.</p>';
    const html = `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Sandbox HelenaCRM</title>
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#1f2937}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e5e7eb;padding:.4rem;text-align:left}code{background:#f3f4f6;padding:0 .2rem}</style>
</head><body><h1>Sandbox HelenaCRM</h1>
<p>Servidor de demonstração compatível com a API do HelenaCRM, para treinar e testar o Helena Desk. Nenhuma mensagem sai daqui para o WhatsApp de verdade.</p>
<h2>Como entrar</h2>
<ol><li>No Helena Desk, informe o e-mail ou o telefone de um dos usuários abaixo.</li><li>Digite o código de acesso de 6 dígitos.</li></ol>
${controlNote}
<table><thead><tr><th>Nome</th><th>E-mail</th><th>Telefone</th><th>Perfil</th></tr></thead><tbody>${list}</tbody></table>
<h2>Dados</h2><p id="counts">${c.contacts} contatos, ${c.channels} canais, ${c.teams} equipes, ${c.templates} modelos de mensagem.</p>
<p>APIs: <code>/core/v1</code>, <code>/chat/v1</code>, <code>/chat/v2</code>; login em <code>/auth/v1</code>; eventos em tempo real via socket.io.</p>
</body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
