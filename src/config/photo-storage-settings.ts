import { join, resolve } from 'node:path';
import { ConfigError } from './config-error.js';

/**
 * Where photo files (and identified photos) live: folders, which several instances may share (NFS…),
 * or an S3-compatible bucket holding both under `photos/` and `identifications/`.
 */
export type PhotoStorageSettings =
  | { kind: 'folder'; photosDir: string; identificationsDir: string }
  | { kind: 's3'; bucket: string; endpoint: string | undefined; region: string };

/**
 * `EGIDE_PHOTOS_DIR` (default `<data>/photos`) and `EGIDE_IDENTIFICATIONS_DIR` (default
 * `<data>/identifications`); or `EGIDE_PHOTOS_S3_BUCKET` with `EGIDE_PHOTOS_S3_ENDPOINT` (an
 * S3-compatible server; AWS when unset) and `EGIDE_PHOTOS_S3_REGION` (else `AWS_REGION`, else us-east-1).
 */
export function parsePhotoStorage(fromEnv: (name: string) => string | undefined, dataDir: string): PhotoStorageSettings {
  const bucket = fromEnv('EGIDE_PHOTOS_S3_BUCKET')?.trim();
  const endpoint = fromEnv('EGIDE_PHOTOS_S3_ENDPOINT')?.trim();
  const folders = ['EGIDE_PHOTOS_DIR', 'EGIDE_IDENTIFICATIONS_DIR'].filter((name) => fromEnv(name) !== undefined);
  if (!bucket) {
    if (endpoint) throw new ConfigError('EGIDE_PHOTOS_S3_ENDPOINT is set without EGIDE_PHOTOS_S3_BUCKET: give the bucket too (or unset the endpoint to keep photos in folders).');
    return {
      kind: 'folder',
      photosDir: resolve(fromEnv('EGIDE_PHOTOS_DIR') ?? join(dataDir, 'photos')),
      identificationsDir: resolve(fromEnv('EGIDE_IDENTIFICATIONS_DIR') ?? join(dataDir, 'identifications')),
    };
  }
  if (folders.length > 0) throw new ConfigError(`EGIDE_PHOTOS_S3_BUCKET and ${folders.join(' and ')} are both set: photos are kept in one place, give either the bucket or the folders.`);
  if (endpoint !== undefined && !/^https?:\/\/[^/]+/i.test(endpoint)) throw new ConfigError(`EGIDE_PHOTOS_S3_ENDPOINT="${endpoint}" is not an http or https address (e.g. http://minio.internal:9000).`);
  return { kind: 's3', bucket, endpoint, region: fromEnv('EGIDE_PHOTOS_S3_REGION')?.trim() || fromEnv('AWS_REGION') || 'us-east-1' };
}
