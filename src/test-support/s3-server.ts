import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The environment that points Egide's photo storage at this server's bucket. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver: the S3 REST API over a folder, in Node), not a mock: the AWS
 * SDK talks HTTP to it as to any S3 service. One bucket, on a free loopback port.
 */
export async function startS3Server(bucket = 'egide-photos'): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'egide-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    // s3rver accepts any signature made with its default key pair.
    env: { EGIDE_PHOTOS_S3_BUCKET: bucket, EGIDE_PHOTOS_S3_ENDPOINT: endpoint, EGIDE_PHOTOS_S3_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' },
    stop: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
