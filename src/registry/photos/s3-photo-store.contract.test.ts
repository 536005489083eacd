import { afterAll, beforeAll } from 'vitest';
import { startS3Server, type S3Server } from '../../test-support/s3-server.js';
import { photoStoreContract } from './photo-store.contract.js';
import { S3PhotoStore } from './s3-photo-store.js';

// A real S3-compatible server (s3rver) on a free port, not a mock: the SDK speaks HTTP to it.
let server: S3Server;
const stores: S3PhotoStore[] = [];
let fixtures = 0;
beforeAll(async () => {
  server = await startS3Server();
  process.env.AWS_ACCESS_KEY_ID = server.env.AWS_ACCESS_KEY_ID;
  process.env.AWS_SECRET_ACCESS_KEY = server.env.AWS_SECRET_ACCESS_KEY;
});
afterAll(async () => {
  stores.forEach((store) => store.close());
  await server.stop();
});

photoStoreContract('S3 (s3rver)', async () => {
  // Each test gets its own key prefix: an empty store in the shared bucket.
  const prefix = `test-${++fixtures}/`;
  const open = () => {
    const store = new S3PhotoStore({ bucket: server.bucket, endpoint: server.endpoint, region: 'us-east-1', prefix });
    stores.push(store);
    return store;
  };
  return { store: open(), sameStorage: open };
});
