/**
 * The public URLs of files contacts send (PublicFileDTO publicUrl / publicUrlDownload). HelenaCRM
 * serves them from storage behind links that are their own credential; the sandbox serves them
 * itself, under a prefix of its own (outside /core and /chat: no token, not on the account's rate
 * budget). Like the upload URL, a request carrying an Authorization header is refused: a client
 * that offers the agent's token to a file host fails its tests instead of leaking it in production.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import { parseParams } from '../validation';
import { storedFile } from './files-repo';

export const PUBLIC_FILE_PATH_PREFIX = '/files/v1';

/** The link a message's file is shown and downloaded by, on the origin the request that made it came to. */
export function publicFileUrl(origin: string, fileId: string): string {
  return `${origin}${PUBLIC_FILE_PATH_PREFIX}/${fileId}`;
}

/** publicUrlDownload: the same bytes, asked to be saved rather than shown. */
export function publicFileDownloadUrl(publicUrl: string): string {
  return `${publicUrl}?download=1`;
}

/** The origin the client reached us at (through a proxy, the proxy's): links must be reachable the same way. */
export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

const Params = z.object({ id: z.string() });
const Query = z.object({ download: z.string().optional() });

function notFound(id: string): ApiError {
  return new ApiError(404, 'file.not_found', `No file ${id}.`, { id });
}

/** RFC 6266 filename*: the name as the contact sent it, whatever its accents. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function registerPublicFileRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get(`${PUBLIC_FILE_PATH_PREFIX}/:id`, async (request, reply) => {
    if (request.headers.authorization !== undefined) {
      throw new ApiError(
        400,
        'file.authorization_not_allowed',
        'A public file URL is its own credential: send no Authorization header to it (the account token must never reach the file host).',
      );
    }
    const { id } = parseParams(Params, request);
    const file = z.uuid().safeParse(id).success ? storedFile(ctx, id.toLowerCase()) : null;
    if (!file) throw notFound(id);
    const { download } = Query.parse(request.query ?? {});
    return reply
      .header('content-type', file.mime_type)
      .header('content-length', String(file.content.length))
      .header('content-disposition', contentDisposition(download === undefined ? 'inline' : 'attachment', file.name))
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
}
