/**
 * /control/v1/files: what HelenaCRM holds of the files uploaded to it, for tests to check what
 * arrived, byte for byte. GET /control/v1/files lists them (with a SHA-256 of each); GET
 * /control/v1/files/{id} answers the bytes themselves.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context';
import { filesRepoOf, storedFile } from '../files/files-repo';
import { ApiError } from '../http-errors';
import { controlHandler, parseInput } from './validate';

const IdParams = z.object({ id: z.string().uuid() });

export function registerFilesControl(app: FastifyInstance, ctx: SandboxContext): void {
  app.get(
    '/control/v1/files',
    controlHandler(ctx, () => {
      const items = filesRepoOf(ctx)
        .files.all()
        .map((f) => {
          const content = storedFile(ctx, f.id)?.content ?? Buffer.alloc(0);
          return {
            id: f.id,
            name: f.name,
            mimeType: f.mime_type,
            type: f.type,
            size: f.size,
            sha256: createHash('sha256').update(content).digest('hex'),
            userId: f.user_id,
            createdAt: f.created_at,
          };
        });
      return { count: items.length, items };
    }),
  );

  app.get(
    '/control/v1/files/:id',
    controlHandler(ctx, (request, reply) => {
      const { id } = parseInput(IdParams, request.params, 'id');
      const file = storedFile(ctx, id);
      if (!file) throw new ApiError(404, 'file.not_found', `No saved file ${id}`);
      return reply
        .header('content-type', file.mime_type)
        .header('x-file-name', encodeURIComponent(file.name))
        .header('x-file-type', file.type)
        .send(file.content);
    }),
  );
}
