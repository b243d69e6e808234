/**
 * HelenaCRM's files API (core.json, "Arquivos"), in its three steps:
 *   GET  /core/v2/file?Type=&Name=&MimeType=  → {tempFileId, urlUpload}
 *   PUT  urlUpload  (the raw bytes)           → 200
 *   POST /core/v2/file {tempFileId}            → PublicFileV2DTO, whose id messages take as fileId
 *
 * In production urlUpload is a presigned storage URL on another host. Here it points at the
 * sandbox itself, under /uploads (outside /core and /chat: no token, not on the account's rate
 * budget), and behaves like one: the URL is the credential, and a request that also carries an
 * Authorization header is refused, as S3 refuses two authentication mechanisms — so a client
 * that leaks the agent's token to the storage host fails its tests. Saving is idempotent per
 * tempFileId: a retry answers the same file.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { SaveFileBody, UploadFileType, type SavedFileDTO } from '../../src/api/helena-dto';
import { extensionOf, isAcceptableFileName, MAX_ATTACHMENT_NAME_LENGTH } from '../../src/domain/attachments';
import { requireAgent } from '../auth/hook';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import { answerError, invalidField, parseBody, parseParams, parseQuery, queryEnum } from '../validation';
import { identifiedMimeType, identifiedType } from './file-kinds';
import { filesRepoOf, type FileRow, type UploadRow } from './files-repo';
import { originOf } from './public-files';

/** Where upload URLs point: a path of their own, never under /core or /chat. */
export const UPLOAD_PATH_PREFIX = '/uploads/v1';

const single = (value: unknown) => (Array.isArray(value) ? value[value.length - 1] : value);

const UploadUrlQuery = z.object({
  Type: queryEnum(UploadFileType.options as [UploadFileType, ...UploadFileType[]]),
  Name: z.preprocess(single, z.string().max(MAX_ATTACHMENT_NAME_LENGTH, `at most ${MAX_ATTACHMENT_NAME_LENGTH} characters`).optional()),
  MimeType: z.preprocess(single, z.string().max(255).optional()),
});

const TempFileParams = z.object({ tempFileId: z.string() });

function slotNotFound(tempFileId: string): ApiError {
  return new ApiError(404, 'upload.not_found', `No upload slot ${tempFileId}: ask GET /core/v2/file for a new upload URL.`, { tempFileId });
}

function slotExpired(slot: UploadRow): ApiError {
  return new ApiError(410, 'upload.expired', `The upload URL of ${slot.temp_file_id} expired at ${slot.expires_at}: ask GET /core/v2/file for a new one.`, {
    tempFileId: slot.temp_file_id,
    expiresAt: slot.expires_at,
  });
}

function tooLarge(max: number, size: number | null): ApiError {
  const what = size === null ? 'The file' : `The file has ${size} bytes; it`;
  return new ApiError(413, 'upload.too_large', `${what} is larger than the ${max} bytes an upload takes.`, { max, size });
}

/** A slot that exists and has not expired (a saved one stays readable: saving again answers its file). */
function liveSlot(ctx: SandboxContext, tempFileId: string): UploadRow {
  const slot = z.uuid().safeParse(tempFileId).success ? filesRepoOf(ctx).uploadById.get(tempFileId.toLowerCase()) : undefined;
  if (!slot) throw slotNotFound(tempFileId);
  if (slot.file_id === null && slot.expires_at <= ctx.clock.iso()) throw slotExpired(slot);
  return slot;
}

function toSavedFileDTO(ctx: SandboxContext, file: FileRow): SavedFileDTO {
  return {
    id: file.id,
    companyId: ctx.companyId,
    userId: file.user_id,
    name: file.name,
    extension: file.extension,
    mimeType: file.mime_type,
    type: file.type,
    key: `${ctx.companyId}/${file.id}`,
    size: file.size,
  };
}

function askForUploadUrl(ctx: SandboxContext, request: FastifyRequest): { tempFileId: string; urlUpload: string } {
  const agent = requireAgent(request);
  const query = parseQuery(UploadUrlQuery, request);
  if (query.Type === undefined) throw invalidField('Type', `required: one of ${UploadFileType.options.join(', ')}`);
  const name = query.Name?.trim() ?? '';
  if (name === '') throw invalidField('Name', 'required: the file name with its extension, e.g. boleto.pdf');
  if (!isAcceptableFileName(name)) throw invalidField('Name', 'a file name, not a path, without control characters');
  const mimeType = identifiedMimeType(name, query.MimeType);
  const now = ctx.clock.iso();
  const tempFileId = randomUUID();
  filesRepoOf(ctx).insertUpload.run({
    temp_file_id: tempFileId,
    user_id: agent.userId,
    name,
    mime_type: mimeType,
    type: identifiedType(query.Type, name, mimeType),
    expires_at: new Date(ctx.clock.nowMs() + ctx.options.uploadTtlMs).toISOString(),
    created_at: now,
  });
  return { tempFileId, urlUpload: `${originOf(request)}${UPLOAD_PATH_PREFIX}/${tempFileId}` };
}

function receiveUpload(ctx: SandboxContext, request: FastifyRequest): void {
  if (request.headers.authorization !== undefined) {
    throw new ApiError(
      400,
      'upload.authorization_not_allowed',
      'An upload URL is its own credential: send no Authorization header to it (the account token must never reach the storage host).',
    );
  }
  const { tempFileId } = parseParams(TempFileParams, request);
  const slot = liveSlot(ctx, tempFileId);
  if (slot.file_id !== null) {
    throw new ApiError(409, 'upload.already_saved', `tempFileId ${slot.temp_file_id} was already saved as file ${slot.file_id}; its upload URL is closed.`, {
      tempFileId: slot.temp_file_id,
      fileId: slot.file_id,
    });
  }
  const body = Buffer.isBuffer(request.body) ? request.body : null;
  if (body === null || body.length === 0) throw new ApiError(400, 'upload.empty', 'The body is empty: PUT the bytes of the file.', { tempFileId });
  if (body.length > ctx.options.uploadMaxBytes) throw tooLarge(ctx.options.uploadMaxBytes, body.length);
  filesRepoOf(ctx).fillUpload.run(body, body.length, slot.temp_file_id);
}

function saveUpload(ctx: SandboxContext, request: FastifyRequest): SavedFileDTO {
  requireAgent(request);
  const { tempFileId } = parseBody(SaveFileBody, request);
  const repo = filesRepoOf(ctx);
  return ctx.db.transaction(() => {
    const slot = liveSlot(ctx, tempFileId);
    const saved = slot.file_id === null ? undefined : repo.fileById.get(slot.file_id);
    if (saved) return toSavedFileDTO(ctx, saved);
    if (slot.content === null || slot.size === null) {
      throw new ApiError(400, 'upload.not_uploaded', `No bytes were uploaded for tempFileId ${slot.temp_file_id}: PUT the file to its urlUpload first.`, {
        field: 'tempFileId',
      });
    }
    const file = {
      id: randomUUID(),
      user_id: slot.user_id,
      name: slot.name,
      extension: extensionOf(slot.name) || null,
      mime_type: slot.mime_type,
      type: slot.type,
      size: slot.size,
      content: slot.content,
      created_at: ctx.clock.iso(),
    };
    repo.insertFile.run(file);
    repo.markSaved.run(file.id, slot.temp_file_id);
    return toSavedFileDTO(ctx, file);
  })();
}

export function registerFileRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/core/v2/file', async (request) => askForUploadUrl(ctx, request));
  app.post('/core/v2/file', async (request) => saveUpload(ctx, request));

  // The upload URL takes any body as raw bytes, up to the upload limit (not the API's 1 MB).
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.setErrorHandler((err: FastifyError | Error, request, reply) =>
      answerError(ctx, err, request, reply, (e) => ((e as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge(ctx.options.uploadMaxBytes, null) : null)),
    );
    scope.put(
      `${UPLOAD_PATH_PREFIX}/:tempFileId`,
      {
        bodyLimit: ctx.options.uploadMaxBytes,
        // Refused before the bytes are read when the client says how many there are.
        onRequest: async (request) => {
          const declared = Number(request.headers['content-length']);
          if (Number.isFinite(declared) && declared > ctx.options.uploadMaxBytes) throw tooLarge(ctx.options.uploadMaxBytes, declared);
        },
      },
      async (request, reply) => {
        receiveUpload(ctx, request);
        return reply.code(200).send();
      },
    );
  });
}
